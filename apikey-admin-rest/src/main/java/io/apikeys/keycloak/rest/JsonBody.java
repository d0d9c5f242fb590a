package io.apikeys.keycloak.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.apikeys.keycloak.policy.ApiKeyValidationException;
import org.keycloak.util.JsonSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a JSON request body field by field, so that every malformed body or wrongly typed field is a clear 400,
 * and so that an update can tell an absent field (unchanged) from an explicit {@code null} (cleared).
 * Unknown fields are ignored, which lets a client send back what it read (as {@code kcadm.sh update} does).
 */
public final class JsonBody {

    /** Keycloak's mapper, strict about anything after the object: {@code {...} garbage} is not a valid body. */
    private static final ObjectReader READER =
            JsonSerialization.mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new JsonBody(JsonSerialization.mapper.createObjectNode());
        }
        JsonNode node;
        try {
            node = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("the request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public String text(String field, String current) {
        return value(field, current, JsonNode::isTextual, JsonNode::asText, "a string");
    }

    public Boolean bool(String field, Boolean current) {
        return value(field, current, JsonNode::isBoolean, JsonNode::asBoolean, "true or false");
    }

    public Long longValue(String field, Long current) {
        return value(field, current, n -> n.isIntegralNumber() && n.canConvertToLong(), JsonNode::asLong,
                "an integer");
    }

    public Integer intValue(String field, Integer current) {
        return value(field, current, n -> n.isIntegralNumber() && n.canConvertToInt(), JsonNode::asInt,
                "an integer");
    }

    /** A list of strings; explicit null clears it. */
    public List<String> strings(String field, List<String> current) {
        return list(field, current, JsonNode::isTextual, JsonNode::asText, "strings");
    }

    /** A list of integers; explicit null clears it. */
    public List<Integer> ints(String field, List<Integer> current) {
        return list(field, current, n -> n.isIntegralNumber() && n.canConvertToInt(), JsonNode::asInt, "integers");
    }

    private <T> List<T> list(String field, List<T> current, Predicate<JsonNode> itemType, Function<JsonNode, T> read,
                             String items) {
        List<T> values = value(field, current, JsonNode::isArray, array -> {
            List<T> list = new ArrayList<>();
            array.forEach(item -> {
                if (!itemType.test(item)) {
                    throw invalid(field + " must be an array of " + items);
                }
                list.add(read.apply(item));
            });
            return list;
        }, "an array of " + items);
        return values == null ? List.of() : values;
    }

    /** A string-to-string object; explicit null clears it. */
    public Map<String, String> stringMap(String field, Map<String, String> current) {
        Map<String, String> values = value(field, current, JsonNode::isObject, object -> {
            Map<String, String> map = new LinkedHashMap<>();
            object.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw invalid(field + " values must be strings");
                }
                map.put(entry.getKey(), entry.getValue().asText());
            });
            return map;
        }, "an object of strings");
        return values == null ? Map.of() : values;
    }

    /** A nested object, or null if absent or null. */
    public JsonBody object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(field + " must be an object");
        }
        return new JsonBody(value);
    }

    private <T> T value(String field, T current, Predicate<JsonNode> type,
                        Function<JsonNode, T> read, String expected) {
        if (!node.has(field)) {
            return current;
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!type.test(value)) {
            throw invalid(field + " must be " + expected);
        }
        return read.apply(value);
    }

    private static ApiKeyValidationException invalid(String description) {
        return new ApiKeyValidationException("invalid_request", description);
    }
}
