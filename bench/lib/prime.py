#!/usr/bin/env python3
"""Introspects every key of a file once, so that the lookup cache holds what a server that had been serving these
keys for a while would hold. Eight keep-alive connections in parallel (100,000 keys take about half a minute).

  prime.py INTROSPECT_URL BASIC_AUTH_HEADER_VALUE KEYS_FILE
"""
import collections
import concurrent.futures
import http.client
import sys
import urllib.parse

CONNECTIONS = 8
url, auth, keys_file = sys.argv[1], sys.argv[2], sys.argv[3]
parts = urllib.parse.urlsplit(url)
headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}


def introspect_all(keys):
    statuses = collections.Counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for key in keys:
        conn.request("POST", parts.path, body=f"token={key}&token_type_hint=api_key", headers=headers)
        response = conn.getresponse()
        response.read()
        statuses[response.status] += 1
    conn.close()
    return statuses


with open(keys_file) as f:
    keys = [line.strip() for line in f if line.strip()]
with concurrent.futures.ThreadPoolExecutor(CONNECTIONS) as pool:
    statuses = sum(pool.map(introspect_all, [keys[i::CONNECTIONS] for i in range(CONNECTIONS)]), collections.Counter())
if set(statuses) != {200}:
    sys.exit(f"priming answered {dict(statuses)}")
