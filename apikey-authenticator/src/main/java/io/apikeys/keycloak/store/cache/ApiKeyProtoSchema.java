package io.apikeys.keycloak.store.cache;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/**
 * ProtoStream schema of the extension's cluster messages. The annotation processor generates the implementation
 * and its {@code META-INF/services} entry, through which Keycloak's marshalling finds it.
 */
@ProtoSchema(
        schemaPackageName = "io.apikeys.keycloak",
        schemaFileName = "apikeys.proto",
        schemaFilePath = "proto",
        includeClasses = ApiKeyCacheInvalidationEvent.class)
public interface ApiKeyProtoSchema extends GeneratedSchema {
}
