// Drives openid-client and jose (npm) against a realm, as an ordinary Node.js service and gateway would, and prints
// one JSON object with what they got. Used by edge/OpenidClientInteropIT; arguments:
//   node clients.mjs <issuer> <key> <service client id> <gateway client id> <gateway secret>
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [issuer, key, serviceId, gatewayId, gatewaySecret] = process.argv.slice(2);
const insecure = { execute: [client.allowInsecureRequests] }; // the test server speaks plain HTTP on 127.0.0.1

async function claimsOf(jwt, config) {
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
  const { payload } = await jwtVerify(jwt, jwks, { issuer });
  return payload;
}

async function attempt(fn) {
  try {
    return await fn();
  } catch (error) {
    return { error: error.error ?? error.code ?? error.name, status: error.status };
  }
}

// A public-client style exchange: the key is the only credential.
const service = await client.discovery(new URL(issuer), serviceId, undefined, client.None(), insecure);
const exchange = await attempt(async () => {
  const tokens = await client.genericGrantRequest(service, 'urn:ietf:params:oauth:grant-type:token-exchange', {
    subject_token: key, subject_token_type: 'urn:keycloak-apikey:token-type:api-key', scope: 'orders:read',
  });
  return { refresh: tokens.refresh_token ?? null, claims: await claimsOf(tokens.access_token, service) };
});

// The key as client secret (client_secret_basic, openid-client's default for a secret).
const withKey = await client.discovery(new URL(issuer), serviceId, key, undefined, insecure);
const credentials = await attempt(async () => {
  const tokens = await client.clientCredentialsGrant(withKey, { scope: 'orders:read' });
  return { claims: await claimsOf(tokens.access_token, withKey) };
});

// A gateway introspecting the key with openid-client's helper, which sends no token_type_hint.
const gateway = await client.discovery(new URL(issuer), gatewayId, gatewaySecret, undefined, insecure);
const introspection = await attempt(() => client.tokenIntrospection(gateway, key));

console.log(JSON.stringify({ exchange, credentials, introspection }));
