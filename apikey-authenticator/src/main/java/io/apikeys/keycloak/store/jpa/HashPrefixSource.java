package io.apikeys.keycloak.store.jpa;

import java.util.function.LongConsumer;

/** Where {@link KnownHashesReader} reads the 64-bit prefixes of the stored key hashes from: the database. */
interface HashPrefixSource {

    /** Stored keys now: sizes the table of a full read, so that it is allocated once. */
    long count();

    /** Every stored key's prefix, streamed (a batch of rows in memory at a time); returns how many. */
    int forEachPrefix(LongConsumer sink);

    /** The prefixes of the keys created at or after {@code since} (epoch ms); returns how many. */
    int forEachPrefixCreatedSince(long since, LongConsumer sink);
}
