package io.apikeys.keycloak.it.harness;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IT whose code paths differ by database (dialect, locking, persistence, Liquibase changelog): it runs on every
 * database of {@code scripts/test}, every other IT only on the first (PostgreSQL in CI). See docs/testing.md.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(StorageSensitive.TAG)
public @interface StorageSensitive {

    String TAG = "storage";
}
