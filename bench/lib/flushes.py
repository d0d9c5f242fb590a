#!/usr/bin/env python3
"""Finds the last-used write-behind flushes of one benchmark database in PostgreSQL's log: each flush is a burst
of "update API_KEY set LAST_USED_TIMESTAMP = case ..." statements, one per 500 keys used since the previous flush
("rows" below counts these statements).

  flushes.py LOG_FILE START_OFFSET DATABASE

Prints JSON: a list of {"start": "hh:mm:ss", "rows": N, "seconds": S}, bursts split at gaps of 3 seconds or more.
"""
import datetime
import json
import sys

log_file, start, database = sys.argv[1], int(sys.argv[2]), sys.argv[3]
marker = "@" + database + " "
times = []
with open(log_file, "rb") as f:
    f.seek(start)
    for raw in f:
        line = raw.decode("utf-8", "replace")
        if marker in line and "update API_KEY" in line and "LAST_USED_TIMESTAMP" in line:
            times.append(datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f"))
bursts = []
for t in times:
    if bursts and (t - bursts[-1][1]).total_seconds() < 3:
        bursts[-1][1] = t
        bursts[-1][2] += 1
    else:
        bursts.append([t, t, 1])
print(json.dumps([{"start": b[0].strftime("%H:%M:%S"), "rows": b[2], "seconds": round((b[1] - b[0]).total_seconds(), 1)}
                  for b in bursts]))
