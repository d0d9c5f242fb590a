#!/usr/bin/env python3
"""Writes the benchmark realm: realm-exports/demo-realm.json with four changes that keep the comparison fair.

- Login and admin events off (Keycloak's default for a new realm). With events on, every token request also
  INSERTs an event row; that costs every path alike and would hide the key lookup in the SQL counts.
- Access tokens live an hour, so the token introspected in scenario 5 stays valid however long the run is.
- demo-service tokens carry demo-gateway in "aud": Keycloak 26.7 only lets a client introspect an access token
  that names it (scenario 5). The mapper applies to every token scenario alike.
- Personal keys on for a client "scripts" (the key authenticator, no secret, no browser flow), and 20 people
  "bench-person-N" holding orders-reader, whose keys scenarios 15 and 16 use.

  realm.py SOURCE_JSON TARGET_JSON
"""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
with open(source) as f:
    realm = json.load(f)

realm["eventsEnabled"] = False
realm["adminEventsEnabled"] = False
realm["adminEventsDetailsEnabled"] = False
realm["accessTokenLifespan"] = 3600
for client in realm["clients"]:
    if client["clientId"] == "demo-service":
        client.setdefault("protocolMappers", []).append({
            "name": "bench-gateway-audience",
            "protocol": "openid-connect",
            "protocolMapper": "oidc-audience-mapper",
            "config": {
                "included.client.audience": "demo-gateway",
                "access.token.claim": "true",
                "introspection.token.claim": "true",
            },
        })

realm.setdefault("attributes", {}).update({"apiKeys.personalKeys.enabled": "true",
                                           "apiKeys.personalKeys.clients": json.dumps(["scripts"])})
realm["clients"].append({"clientId": "scripts", "enabled": True, "publicClient": False, "standardFlowEnabled": False,
                         "directAccessGrantsEnabled": False, "serviceAccountsEnabled": False,
                         "clientAuthenticatorType": "client-api-key"})
realm.setdefault("users", []).extend({"username": f"bench-person-{i}", "enabled": True, "realmRoles": ["orders-reader"]}
                                     for i in range(20))

with open(target, "w") as f:
    json.dump(realm, f, indent=2)
