#!/usr/bin/env python3
"""Summarises async-profiler collapsed stacks (bench/run --profile) per scenario: where Keycloak's CPU went.

  profile_summary.py target/bench/profiles [SCENARIO...]

For each scenario (all rounds together): samples, the share of each category (a sample counts for the first
category that matches its stack, in the order below), and the hottest methods (self time).
"""
import collections
import os
import re
import sys

def any_of(*needles):
    return lambda stack: any(n in stack for n in needles)


def all_of(*needles):
    return lambda stack: all(n in stack for n in needles)


CATEGORIES = [
    ("GC / JIT / VM threads", any_of("GCTaskThread", "G1 ", "C2 CompilerThread", "C1 CompilerThread", "VM Thread", "[GC",
                                     "CompileBroker")),
    ("last-used write-behind (LastUsedRecorder.flush)", any_of("LastUsedRecorder.flush")),
    ("API key lookup, cache miss (JPA query)", all_of("JpaApiKeyStore.findByPresentedKey", "org/hibernate")),
    ("API key verification (cache hit and checks)", any_of("ApiKeyVerifier.verify")),
    ("token signing (RSA)", any_of("AsymmetricSignatureSignerContext.sign", "RSASignature", "rsa/RSACore")),
    ("token verification (RSA)", any_of("verifySignature", "RSASignature.engineVerify", "AsymmetricSignatureVerifierContext")),
    ("client authentication (Keycloak flow)", any_of("AuthorizeClientUtil.authorizeClient",
                                                     "AuthenticationProcessor.authenticateClient")),
    ("client session lookup (Keycloak, DB)", any_of("JpaUserSessionPersisterProvider", "getSessionEntityFromPersister")),
    ("JPA/JDBC (other)", any_of("org/hibernate", "org/postgresql", "io/agroal")),
    ("transaction manager", any_of("com/arjuna")),
    ("events and logging", any_of("org/jboss/logmanager", "JBossLoggingEventListenerProvider", "EventBuilder")),
    ("JSON", any_of("com/fasterxml/jackson")),
    ("other request handling (Keycloak, Vert.x, RESTEasy)", any_of("io/vertx", "io/netty", "org/jboss/resteasy")),
    ("kernel / syscalls", any_of("[k]", "_[k]")),
]


def load(files):
    stacks = collections.Counter()
    for path in files:
        with open(path) as f:
            for line in f:
                stack, _, count = line.rstrip("\n").rpartition(" ")
                if stack:
                    stacks[stack] += int(count)
    return stacks


def summarise(name, files):
    stacks = load(files)
    total = sum(stacks.values())
    if not total:
        return
    cats = collections.Counter()
    self_time = collections.Counter()
    for stack, count in stacks.items():
        for label, matches in CATEGORIES:
            if matches(stack):
                cats[label] += count
                break
        else:
            cats["other"] += count
        frames = stack.split(";")
        self_time[re.sub(r"_\[[a-z0-9]\]$", "", frames[-1])] += count
    print(f"\n### scenario {name}: {total} samples")
    for label, count in cats.most_common():
        print(f"  {100 * count / total:5.1f}%  {label}")
    print("  hottest methods (self):")
    for frame, count in self_time.most_common(8):
        print(f"  {100 * count / total:5.1f}%    {frame[:150]}")


directory = sys.argv[1]
wanted = sys.argv[2:]
groups = collections.defaultdict(list)
for file in sorted(os.listdir(directory)):
    m = re.match(r"scenario-(.+)-round-\d+\.collapsed$", file)
    if m and (not wanted or m.group(1) in wanted):
        groups[m.group(1)].append(os.path.join(directory, file))
for sid in sorted(groups, key=lambda s: (len(s), s)):
    summarise(sid, groups[sid])
