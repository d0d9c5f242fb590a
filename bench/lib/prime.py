#!/usr/bin/env python3
"""Introspects every key of a file once, over one keep-alive connection, so that the lookup cache holds what a
server that had been serving these keys for a while would hold (known keys, and unknown ones in the negative cache).

  prime.py INTROSPECT_URL BASIC_AUTH_HEADER_VALUE KEYS_FILE
"""
import http.client
import sys
import urllib.parse

url, auth, keys_file = sys.argv[1], sys.argv[2], sys.argv[3]
parts = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}
statuses = {}
with open(keys_file) as f:
    for key in (line.strip() for line in f):
        if key:
            conn.request("POST", parts.path, body=f"token={key}&token_type_hint=api_key", headers=headers)
            response = conn.getresponse()
            response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
conn.close()
if set(statuses) != {200}:
    sys.exit(f"priming answered {statuses}")
