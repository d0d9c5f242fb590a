package io.apikeys.keycloak.restriction;

import io.apikeys.keycloak.store.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.AccessToken;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

final class KeyRestrictionsTest {

    @ParameterizedTest(name = "Keycloak exp {1}, lifespan {2}, key expiry {3} -> {4}")
    @CsvSource(nullValues = "none", value = {
            "1000, 1300, 300, none,    1300",
            "1000, 1060, 300, none,    1060",
            "1000, 1300, 120, none,    1120",
            "1000, 1300, 300, 1020000, 1020",
            "1000, none, 300, none,    1300",
            "1000, 900,  300, none,    1300"})
    void aTokenLivesNoLongerThanKeycloakTheKeyOrItsLifespanAllow(long iat, Long keycloakExp, int lifespan,
                                                                  Long keyExpires, long expected) {
        assertThat(KeyRestrictions.tokenExpiry(iat, keycloakExp, lifespan, keyExpires)).isEqualTo(expected);
    }

    @Test
    void aKeyWithAudiencesAllowsOnlyThose() {
        KeyRestrictions restrictions = new KeyRestrictions(TestKeys.key().audiences("orders-api").build(), null, null);

        assertThat(restrictions.checkAudiences(List.of("orders-api"))).isNull();
        assertThat(restrictions.checkAudiences(List.of("orders-api", "realm-management")).error())
                .isEqualTo(OAuthErrorException.INVALID_TARGET);
    }

    @Test
    void aKeyWithoutAudiencesAllowsOnlyWhatTheTokenCarriesAnyway() {
        KeyRestrictions restrictions = new KeyRestrictions(TestKeys.key().build(), null, null);
        AccessToken token = new AccessToken();
        token.audience("account");

        assertThat(restrictions.checkAudiences(List.of("realm-management"))).as("decided once the token is built").isNull();
        assertThat(restrictions.checkAudiencesOf(token, List.of("account"))).isNull();
        assertThat(restrictions.checkAudiencesOf(token, List.of())).isNull();
        assertThat(restrictions.checkAudiencesOf(token, List.of("realm-management")).error())
                .isEqualTo(OAuthErrorException.INVALID_TARGET);
        assertThat(restrictions.checkAudiencesOf(new AccessToken(), List.of("account"))).isNotNull();
    }

    @Test
    void openidIsRefusedOnlyToKeysWithRoles() {
        assertThat(new KeyRestrictions(TestKeys.key().roles("orders-reader").build(), null, null)
                .checkScopes("openid profile").error()).isEqualTo(OAuthErrorException.INVALID_SCOPE);
        assertThat(new KeyRestrictions(TestKeys.key().build(), null, null).checkScopes("openid profile")).isNull();
        assertThat(new KeyRestrictions(TestKeys.key().roles("orders-reader").build(), null, null).checkScopes(" ")).isNull();
    }

    @Test
    void onlyTokensMintedFromAKeyCarryItsId() {
        AccessToken token = new AccessToken();
        assertThat(KeyRestrictions.keyIdOf(token)).isNull();
        token.setOtherClaims(KeyRestrictions.API_KEY_ID_CLAIM, "k-1");
        assertThat(KeyRestrictions.keyIdOf(token)).isEqualTo("k-1");
    }
}
