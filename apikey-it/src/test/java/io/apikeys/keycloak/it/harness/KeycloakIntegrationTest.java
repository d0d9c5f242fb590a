package io.apikeys.keycloak.it.harness;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that runs against the shared Keycloak server; inject {@link TestServer} where needed. One
 * instance per class, so the realm a class imports in its constructor serves all of its tests: a test that changes
 * realm-wide state (settings, events, the service account's roles) does so on a client or realm of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface KeycloakIntegrationTest {
}
