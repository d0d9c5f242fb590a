#!/usr/bin/env python3
"""Summarises async-profiler collapsed stacks (bench/run --profile) per scenario: where Keycloak's CPU went.

  profile_summary.py target/bench/profiles [SCENARIO...]

For each scenario (all rounds together): samples, the share of each category (a sample counts for the first
category whose frame it contains, in the order below), and the hottest methods (self time).
"""
import collections
import os
import re
import sys

CATEGORIES = [
    ("GC / JIT / VM threads", ("GCTaskThread", "G1 ", "C2 CompilerThread", "C1 CompilerThread", "VM Thread", "[GC", "CompileBroker")),
    ("last-used write-behind (LastUsedRecorder.flush)", ("LastUsedRecorder.flush",)),
    ("API key lookup on a cache miss (JPA query)", ("JpaApiKeyStore.findByPresentedKey",)),
    ("API key verification (cache hit)", ("ApiKeyVerifier.verify",)),
    ("token signing (RSA)", ("AsymmetricSignatureSignerContext.sign", "RSASignature", "rsa/RSACore")),
    ("token verification (RSA)", ("verifySignature", "RSASignature.engineVerify", "AsymmetricSignatureVerifierContext")),
    ("client authentication (Keycloak flow)", ("AuthorizeClientUtil.authorizeClient", "AuthenticationProcessor.authenticateClient")),
    ("client session lookup (Keycloak, DB)", ("JpaUserSessionPersisterProvider", "getSessionEntityFromPersister")),
    ("JPA/JDBC (other)", ("org/hibernate", "org/postgresql", "io/agroal")),
    ("transaction manager", ("com/arjuna",)),
    ("events and logging", ("org/jboss/logmanager", "JBossLoggingEventListenerProvider", "EventBuilder")),
    ("JSON", ("com/fasterxml/jackson",)),
    ("HTTP (Vert.x, Netty, RESTEasy)", ("io/vertx", "io/netty", "org/jboss/resteasy")),
    ("kernel / syscalls", ("[k]", "_[k]")),
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
        for label, needles in CATEGORIES:
            if any(n in stack for n in needles):
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
