#!/usr/bin/env python3
"""Report of bench/run --scale: one Markdown table on stdout, every number in --out (JSON).

Requests (ScaleLoad.java's log) are split by what the node was doing when they ran: a refresh of the known hashes
(from the DEBUG lines of KnownHashesReader in the Keycloak log: rows, ms, at), the full read after "Clear realm
cache" (from the POST until that read ended), or neither ("outside"). A request counts for the window in which it started.
Unknown-key SQL: lookups by KEY_HASH in the PostgreSQL log (log_statement = all) whose parameter is the hash of one
of the unknown keys sent.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import sys

ap = argparse.ArgumentParser()
for name in ["work", "kc-log", "pg-log", "db", "out", "version", "table-mb", "load-average-before"]:
    ap.add_argument("--" + name, default="")
for name in ["pg-from", "pg-to", "keys", "extra", "seed-seconds", "rss-start", "rss-end", "refresh-bytes",
             "full-read-bytes", "refresh-seconds", "measured-from", "load-seconds", "connections", "machine-busy"]:
    ap.add_argument("--" + name, type=int, default=0)
ap.add_argument("--ready-seconds", type=float, default=0)
args = ap.parse_args()
work = args.work

reads = []  # (kind, rows, ms, at)
line_re = re.compile(r"(refreshed|read in full): rows=(\d+) ms=(\d+) at=(\d+)")
for line in open(args.kc_log, errors="replace"):
    m = line_re.search(line)
    if m:
        reads.append(("refresh" if m.group(1) == "refreshed" else "full", int(m.group(2)), int(m.group(3)), int(m.group(4))))
events = dict(line.split("\t") for line in open(os.path.join(work, "events.tsv")).read().split("\n") if line)
clear_start, clear_end = int(events["clear_start"]), int(events["clear_end"])

requests = []
for line in open(os.path.join(work, "requests.tsv")):
    start, micros, kind, status = line.split("\t")
    if int(start) >= args.measured_from:  # after the JIT warm-up
        requests.append((int(start), int(micros), kind, int(status)))
load_from = min(r[0] for r in requests)
load_to = max(r[0] + r[1] // 1000 for r in requests)
startup_read = next((r for r in reversed(reads) if r[0] == "full" and r[3] < load_from), None)
clear_read = next((r for r in reads if r[0] == "full" and r[3] >= clear_start), None)
clear_window = (clear_start, clear_read[3] if clear_read and clear_read[3] <= clear_end + 1000 else clear_end)
refresh_windows = [(at - ms, at) for kind, rows, ms, at in reads if kind == "refresh" and load_from <= at <= load_to + 1000]
load_refreshes = [r for r in reads if r[0] == "refresh" and load_from <= r[3] <= load_to + 1000]


def window_of(start_ms, end_ms):
    """By start time: counting every request that overlaps a short window would favour slow requests (a 150 ms
    request overlaps a 40 ms refresh four times as often as a 20 ms one). "Outside" overlaps no window at all."""
    if clear_window[0] <= start_ms <= clear_window[1]:
        return "clear"
    if any(a <= start_ms <= b for a, b in refresh_windows):
        return "refresh"
    if start_ms <= clear_window[1] and end_ms >= clear_window[0]:
        return "edge"
    if any(start_ms <= b and end_ms >= a for a, b in refresh_windows):
        return "edge"
    return "outside"


def p99(values):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))] / 1000


groups = {}
wrong = {"u": 0, "m": 0}
for start, micros, kind, status in requests:
    w = window_of(start, start + micros // 1000 + 1)
    groups.setdefault((w, kind), []).append(micros)
    if (kind == "u" and status != 401) or (kind == "m" and status != 200):
        wrong[kind] += 1

# Unknown-key lookups in the PostgreSQL log, by window.
unknown_hashes = {hashlib.sha256(k.strip().encode("ascii")).hexdigest()
                  for k in open(os.path.join(work, "keys-unknown.txt")) if k.strip()}
sql = {"outside": 0, "refresh": 0, "clear": 0, "edge": 0}
lookups = 0
if args.pg_log and os.path.exists(args.pg_log):
    marker = "@" + args.db + " "
    pending = {}
    with open(args.pg_log, "rb") as f:
        f.seek(args.pg_from)
        data = f.read(max(0, args.pg_to - args.pg_from)).decode("utf-8", "replace")
    for line in data.splitlines():
        if marker not in line:
            continue
        pid = line.split("[", 1)[1].split("]", 1)[0] if "[" in line else ""
        lowered = line.lower()
        if "execute" in lowered and " api_key " in lowered and "key_hash=$1" in lowered.replace(" ", ""):
            stamp = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
            pending[pid] = int(stamp.timestamp() * 1000)
            lookups += 1
        elif "DETAIL:  parameters:" in line and pid in pending:
            at = pending.pop(pid)
            m = re.search(r"\$1 = '([0-9a-f]{64})'", line)
            if m and m.group(1) in unknown_hashes:
                sql[window_of(at, at)] += 1


def heap(file):
    text = open(os.path.join(work, file)).read()
    m = re.search(r"heap\s+total reserved (\d+)K, committed (\d+)K, used (\d+)K", text)
    return {"reserved_mb": int(m.group(1)) // 1024, "committed_mb": int(m.group(2)) // 1024,
            "used_mb": int(m.group(3)) // 1024} if m else {}


info = json.load(open(os.path.join(work, "serverinfo-start.json")))["providers"]["api-key-store"]["providers"]["jpa"]["operationalInfo"]
known_bytes = int(info.get("knownKeyHashesBytes", 0))
result = {
    "keycloak_version": args.version, "keys": args.keys, "extra_keys": args.extra, "seed_seconds": args.seed_seconds,
    "table_mb": int(args.table_mb or 0), "ready_seconds": args.ready_seconds,
    "startup_read": {"rows": startup_read[1], "ms": startup_read[2]} if startup_read else None,
    "known_hash_bytes": known_bytes, "known_hash_bytes_per_key": round(known_bytes / max(1, args.keys), 2),
    "heap_after_start": heap("heap-after-start.txt"), "heap_after_load": heap("heap-after-load.txt"),
    "rss_mb": {"after_start": args.rss_start, "after_load": args.rss_end},
    "refreshes_during_load": [{"rows": r[1], "ms": r[2]} for r in load_refreshes],
    "refresh_bytes_quiet": args.refresh_bytes, "full_read_bytes_quiet": args.full_read_bytes,
    "clear_read": {"rows": clear_read[1], "ms": clear_read[2]} if clear_read else None,
    "clear_window_ms": clear_window[1] - clear_window[0],
    "p99_ms": {f"{w}/{k}": p99(v) for (w, k), v in groups.items()},
    "requests": {f"{w}/{k}": len(v) for (w, k), v in groups.items()},
    "wrong_answers": wrong, "key_lookups_sql": lookups,
    "unknown_key_sql": sql,
    "unknown_key_sql_per_100": {w: round(100 * sql[w] / max(1, len(groups.get((w, "u"), []))), 2) for w in sql},
    "load": {"seconds": args.load_seconds, "connections": args.connections, "refresh_seconds": args.refresh_seconds,
             "machine_busy_pct": args.machine_busy, "load_average_before": args.load_average_before},
}
json.dump(result, open(args.out, "w"), indent=2)


def fmt_ms(v):
    return "-" if v is None else f"{v:,.1f} ms"


def row(kind):
    return " / ".join(f"{fmt_ms(p99(groups.get((w, kind), [])))} (n={len(groups.get((w, kind), []))})"
                      for w in ["outside", "refresh", "clear"])


mb = 1024 * 1024
refresh_ms = max((r[2] for r in load_refreshes), default=None)
refresh_rows = max((r[1] for r in load_refreshes), default=None)
print(f"\n## Scale: {args.keys:,} keys (Keycloak {args.version}, PostgreSQL, kc.sh default heap)\n")
print("| measure | value |\n|---|---|")
print(f"| seeding by COPY (indexes built after) | {args.seed_seconds} s, table with indexes {args.table_mb} MB |")
print(f"| ready (kc.sh start to /health/ready) | {args.ready_seconds} s |")
if startup_read:
    print(f"| known-hash full read at start | {startup_read[2] / 1000:.1f} s ({startup_read[1]:,} rows) |")
print(f"| known-hash memory | {known_bytes / mb:.1f} MB ({result['known_hash_bytes_per_key']} bytes/key) |")
hs, hl = result["heap_after_start"], result["heap_after_load"]
print(f"| heap used after full GC: after start / after the load | {hs.get('used_mb')} / {hl.get('used_mb')} MB "
      f"(max {hs.get('reserved_mb')} MB) |")
print(f"| RSS after start / after the load | {args.rss_start} / {args.rss_end} MB |")
print(f"| refresh ({refresh_rows} new rows; every {args.refresh_seconds} s here, 600 s by default) | "
      f"{refresh_ms} ms, {args.refresh_bytes / mb:.1f} MB read (quiet) |")
if clear_read:
    print(f"| full read after \"Clear realm cache\" | {clear_read[2] / 1000:.1f} s under load, "
          f"{args.full_read_bytes / mb:.0f} MB read (quiet) |")
print(f"| p99 unknown key: outside / during refresh / during Clear realm cache | {row('u')} |")
print(f"| p99 cache miss: outside / during refresh / during Clear realm cache | {row('m')} |")
print(f"| unknown keys, SQL per 100 requests: outside / refresh / clear | "
      f"{' / '.join(str(result['unknown_key_sql_per_100'][w]) for w in ['outside', 'refresh', 'clear'])} |")
print(f"| wrong answers (unknown accepted / stored key refused) | {wrong['u']} / {wrong['m']} |")
print(f"| load | {args.connections} connections, {args.load_seconds} s; machine {args.machine_busy}% busy (load average before the run: {args.load_average_before}) |")
