package io.apikeys.keycloak.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped OpenAPI document names exactly the admin resource's methods (OpenApiIT calls each on a server). */
class OpenApiDocumentTest {

    private static final String PREFIX = "/admin/realms/{realm}/api-keys";

    @Test
    void documentListsExactlyTheResourceMethods() throws Exception {
        assertThat(documentedOperations()).isEqualTo(servedOperations());
    }

    private static Set<String> documentedOperations() throws Exception {
        JsonNode document;
        try (InputStream in = ApiKeysAdminResource.class.getResourceAsStream("/openapi/api-keys-admin.json")) {
            document = new ObjectMapper().readTree(in);
        }
        Set<String> operations = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        for (Method method : ApiKeysAdminResource.class.getMethods()) {
            List<String> verbs = new ArrayList<>();
            Arrays.asList(GET.class, POST.class, PUT.class, DELETE.class).forEach(verb -> {
                if (method.isAnnotationPresent(verb)) {
                    verbs.add(verb.getSimpleName());
                }
            });
            Path path = method.getAnnotation(Path.class);
            verbs.forEach(verb -> operations.add(verb + " " + PREFIX + (path == null ? "" : "/" + path.value())));
        }
        return operations;
    }
}
