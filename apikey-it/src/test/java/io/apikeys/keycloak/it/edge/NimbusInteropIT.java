package io.apikeys.keycloak.it.edge;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.apikeys.keycloak.client.ApiKeyRepresentation;
import io.apikeys.keycloak.it.harness.KeycloakIntegrationTest;
import io.apikeys.keycloak.it.harness.TestRealm;
import io.apikeys.keycloak.it.harness.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ordinary OAuth library (Nimbus OAuth 2.0 SDK, from Maven Central) against keys, with nothing key-specific
 * beyond the subject token type: the exchange, the key as client secret, introspection without a hint, and the
 * minted JWT checked against the realm's JWKS.
 */
@KeycloakIntegrationTest
final class NimbusInteropIT {

    private static final String PERSONAL_CLIENT = "scripts";

    private final TestServer server;
    private final TestRealm realm;
    private final ApiKeyRepresentation key;

    NimbusInteropIT(TestServer server) {
        this.server = server;
        this.realm = TestRealm.fromDemo(server);
        this.key = realm.createKey(r -> r.setScopes(List.of("orders:read")));
    }

    @Test
    void exchangeTheKeyAndVerifyTheJwtWithTheRealmsKeys() throws Exception {
        TokenExchangeGrant grant = new TokenExchangeGrant(new TypelessToken(key.getKey()),
                TokenTypeURI.parse(TestRealm.API_KEY_TOKEN_TYPE));
        TokenRequest request = new TokenRequest(URI.create(realm.tokenUrl()), new ClientID(TestRealm.SERVICE), grant,
                new Scope("orders:read"));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
        AccessToken token = response.toSuccessResponse().getTokens().getAccessToken();
        assertThat(response.toSuccessResponse().getTokens().getRefreshToken()).isNull();
        JWTClaimsSet claims = verified(token.getValue());
        assertThat(claims.getStringClaim("api_key_id")).isEqualTo(key.getId());
        assertThat(claims.getStringClaim("azp")).isEqualTo(TestRealm.SERVICE);
        assertThat(claims.getStringClaim("scope")).contains("orders:read");
        assertThat(claims.getStringClaim("typ")).as("a restricted key's token, which Keycloak's own endpoints refuse")
                .isEqualTo("ApiKey-Restricted");
        assertThat(response.toSuccessResponse().getTokens().getAccessToken().getType().getValue()).isEqualTo("Bearer");
    }

    @Test
    void theKeyAsClientSecretWithClientSecretBasic() throws Exception {
        TokenRequest request = new TokenRequest(URI.create(realm.tokenUrl()),
                new ClientSecretBasic(new ClientID(TestRealm.SERVICE), new Secret(key.getKey())),
                new ClientCredentialsGrant(), new Scope("orders:read"));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
        assertThat(verified(response.toSuccessResponse().getTokens().getAccessToken().getValue())
                .getStringClaim("api_key_id")).isEqualTo(key.getId());
    }

    @Test
    void introspectionWithoutAHintAnswersForTheKeyAndStopsAtRevocation() throws Exception {
        ApiKeyRepresentation key = realm.createKey(r -> r.setScopes(List.of("orders:read")));
        TokenIntrospectionSuccessResponse active = introspect(key.getKey());

        assertThat(active.isActive()).isTrue();
        assertThat(active.getClientID()).isEqualTo(new ClientID(TestRealm.SERVICE));
        assertThat(active.getStringParameter("api_key_id")).isEqualTo(key.getId());
        assertThat(active.getScope()).isEqualTo(new Scope("orders:read"));

        realm.keys().revoke(key.getId());

        assertThat(introspect(key.getKey()).isActive()).isFalse();
    }

    /**
     * A person's key through the same library calls: the exchange gives a JWT of the user (Nimbus needs no client
     * secret), introspection names the user, and the library's client-secret request is refused.
     */
    @Test
    void aPersonalKeyActsForItsUserThroughTheSameCalls() throws Exception {
        realm.allowPersonalKeys(PERSONAL_CLIENT);
        String user = realm.createUser("nimbus-user");
        ApiKeyRepresentation personal = realm.createPersonalKey(user, PERSONAL_CLIENT, r -> { });
        TokenRequest exchange = new TokenRequest(URI.create(realm.tokenUrl()), new ClientID(PERSONAL_CLIENT),
                new TokenExchangeGrant(new TypelessToken(personal.getKey()), TokenTypeURI.parse(TestRealm.API_KEY_TOKEN_TYPE)),
                null);

        TokenResponse response = TokenResponse.parse(exchange.toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
        JWTClaimsSet claims = verified(response.toSuccessResponse().getTokens().getAccessToken().getValue());
        assertThat(claims.getSubject()).isEqualTo(user);
        assertThat(claims.getStringClaim("preferred_username")).isEqualTo("nimbus-user");
        assertThat(claims.getStringClaim("azp")).isEqualTo(PERSONAL_CLIENT);
        assertThat(claims.getStringClaim("api_key_id")).isEqualTo(personal.getId());
        TokenIntrospectionSuccessResponse introspected = introspect(personal.getKey());
        assertThat(introspected.isActive()).isTrue();
        assertThat(introspected.getSubject().getValue()).isEqualTo(user);
        assertThat(introspected.getUsername()).isEqualTo("nimbus-user");
        assertThat(introspected.getClientID()).isEqualTo(new ClientID(PERSONAL_CLIENT));
        TokenRequest asSecret = new TokenRequest(URI.create(realm.tokenUrl()),
                new ClientSecretBasic(new ClientID(PERSONAL_CLIENT), new Secret(personal.getKey())),
                new ClientCredentialsGrant(), null);
        TokenResponse refused = TokenResponse.parse(asSecret.toHTTPRequest().send());
        assertThat(refused.indicatesSuccess()).isFalse();
        assertThat(refused.toErrorResponse().getErrorObject().getHTTPStatusCode()).isEqualTo(401);
    }

    private TokenIntrospectionSuccessResponse introspect(String token) throws Exception {
        TokenIntrospectionRequest request = new TokenIntrospectionRequest(URI.create(realm.tokenUrl() + "/introspect"),
                new ClientSecretBasic(new ClientID(TestRealm.GATEWAY), new Secret(TestRealm.GATEWAY_SECRET)),
                new TypelessAccessToken(token));
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
        return response.toSuccessResponse();
    }

    private JWTClaimsSet verified(String jwt) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        URL jwks = URI.create(server.realmUrl(realm.name()) + "/protocol/openid-connect/certs").toURL();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(jwks).build()));
        // Keycloak's access tokens are typed "JWT"; Nimbus accepts that by default.
        JWTClaimsSet claims = processor.process(jwt, null);
        assertThat(claims.getIssuer()).isEqualTo(server.realmUrl(realm.name()));
        return claims;
    }
}
