#!/usr/bin/env python3
"""Counts the SQL statements one database ran, from PostgreSQL's server log (log_statement = 'all', set on the
benchmark database only, so every statement of Keycloak's pool is logged with its "user@database" prefix).

  sqlcount.py LOG_FILE START_OFFSET END_OFFSET DATABASE

Prints JSON: statements (every statement except transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET,
SHOW), api_key_lookups (SELECTs on API_KEY by KEY_HASH: what an unknown or uncached key costs),
api_key_other (other statements on API_KEY, e.g. the last-used write-behind), transactions (COMMIT + ROLLBACK),
and the most frequent statements.
"""
import collections
import json
import re
import sys

log_file, start, end, database = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
marker = "@" + database + " "
statement = re.compile(r"LOG:\s+(?:statement|execute [^:]*):\s*(.*)$")
control = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|START TRANSACTION)\b", re.I)

counts = collections.Counter()
top = collections.Counter()
with open(log_file, "rb") as f:
    f.seek(start)
    data = f.read(max(0, end - start)).decode("utf-8", "replace")
for line in data.splitlines():
    if marker not in line:
        continue
    if "execute fetch from" in line:
        continue  # the next batch of rows of a statement already counted (JDBC fetch size), not a new statement
    match = statement.search(line)
    if not match:
        continue
    sql = match.group(1).strip()
    if control.match(sql):
        if re.match(r"^(COMMIT|ROLLBACK)\b", sql, re.I):
            counts["transactions"] += 1
        continue
    counts["statements"] += 1
    lowered = sql.lower()
    if re.search(r"\bapi_key\b", lowered):
        if lowered.startswith("select") and "key_hash" in lowered.split(" where ", 1)[-1]:
            counts["api_key_lookups"] += 1
        else:
            counts["api_key_other"] += 1
    top[re.sub(r"\s+", " ", sql)[:160]] += 1

print(json.dumps({
    "statements": counts["statements"],
    "api_key_lookups": counts["api_key_lookups"],
    "api_key_other": counts["api_key_other"],
    "transactions": counts["transactions"],
    "top": [{"count": c, "sql": s} for s, c in top.most_common(5)],
}))
