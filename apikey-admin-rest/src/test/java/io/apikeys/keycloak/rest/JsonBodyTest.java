package io.apikeys.keycloak.rest;

import io.apikeys.keycloak.policy.ApiKeyValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonBodyTest {

    @Nested
    class Parsing {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"{not json", "{\"a\": }", "{\"a\": 1", "'single'", "{\"a\": 1,}", "{\"a\": 1} x", "{} {}"})
        void malformedJsonIsInvalidRequest(String body) {
            assertInvalid(() -> JsonBody.parse(body), "the request body is not valid JSON");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[]", "[{\"name\": \"x\"}]", "\"text\"", "42", "true", "null"})
        void aBodyThatIsNoObjectIsInvalidRequest(String body) {
            assertInvalid(() -> JsonBody.parse(body), "the request body must be a JSON object");
        }

        @ParameterizedTest(name = "[{0}]")
        @ValueSource(strings = {"", "   ", "\n"})
        void anEmptyBodyIsAnEmptyObject(String body) {
            JsonBody json = JsonBody.parse(body);

            assertThat(json.has("name")).isFalse();
            assertThat(json.text("name", "kept")).isEqualTo("kept");
        }

        @Test
        void aNullBodyIsAnEmptyObject() {
            assertThat(JsonBody.parse(null).longValue("gracePeriodSeconds", 0L)).isZero();
        }

        @Test
        void nestingBeyondTheParsersLimitIsInvalidRequest() {
            String deep = "{\"attributes\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001);

            assertInvalid(() -> JsonBody.parse(deep), "the request body is not valid JSON");
        }

        @Test
        void nestingWithinTheLimitParsesButIsNoStringMap() {
            JsonBody json = JsonBody.parse("{\"attributes\":" + "{\"a\":".repeat(50) + "\"x\"" + "}".repeat(51));

            assertInvalid(() -> json.stringMap("attributes", Map.of()), "attributes values must be strings");
        }
    }

    @Nested
    class AbsentAndNull {

        private final JsonBody json = JsonBody.parse("""
                {"description": null, "enabled": null, "expiresTimestamp": null, "tokenLifespanSeconds": null,
                 "scopes": null, "attributes": null, "rateLimit": null}""");

        @Test
        void anAbsentFieldKeepsTheCurrentValue() {
            JsonBody empty = JsonBody.parse("{}");

            assertThat(empty.text("description", "old")).isEqualTo("old");
            assertThat(empty.bool("enabled", false)).isFalse();
            assertThat(empty.longValue("expiresTimestamp", 7L)).isEqualTo(7L);
            assertThat(empty.intValue("tokenLifespanSeconds", 120)).isEqualTo(120);
            assertThat(empty.strings("scopes", List.of("a"))).containsExactly("a");
            assertThat(empty.stringMap("attributes", Map.of("k", "v"))).containsEntry("k", "v");
            assertThat(empty.has("rateLimit")).isFalse();
        }

        @Test
        void anExplicitNullClears() {
            assertThat(json.text("description", "old")).isNull();
            assertThat(json.bool("enabled", false)).isNull();
            assertThat(json.longValue("expiresTimestamp", 7L)).isNull();
            assertThat(json.intValue("tokenLifespanSeconds", 120)).isNull();
            assertThat(json.strings("scopes", List.of("a"))).isEmpty();
            assertThat(json.stringMap("attributes", Map.of("k", "v"))).isEmpty();
            assertThat(json.has("rateLimit")).isTrue();
            assertThat(json.object("rateLimit")).isNull();
        }
    }

    @Nested
    class Types {

        @Test
        void valuesOfTheRightTypeAreRead() {
            JsonBody json = JsonBody.parse("""
                    {"name": "ci", "enabled": true, "expiresTimestamp": 1771576000000, "tokenLifespanSeconds": 300,
                     "scopes": ["a", "b"], "attributes": {"team": "payments"},
                     "rateLimit": {"requests": 100, "windowSeconds": 60}}""");

            assertThat(json.text("name", null)).isEqualTo("ci");
            assertThat(json.bool("enabled", null)).isTrue();
            assertThat(json.longValue("expiresTimestamp", null)).isEqualTo(1_771_576_000_000L);
            assertThat(json.intValue("tokenLifespanSeconds", null)).isEqualTo(300);
            assertThat(json.strings("scopes", null)).containsExactly("a", "b");
            assertThat(json.stringMap("attributes", null)).containsExactly(Map.entry("team", "payments"));
            assertThat(json.object("rateLimit").intValue("requests", null)).isEqualTo(100);
        }

        @ParameterizedTest(name = "name: {0}")
        @ValueSource(strings = {"5", "true", "[\"x\"]", "{\"x\": 1}"})
        void aTextFieldMustBeAString(String value) {
            assertInvalid(() -> field("name", value).text("name", null), "name must be a string");
        }

        @ParameterizedTest(name = "enabled: {0}")
        @ValueSource(strings = {"\"true\"", "1", "0", "[]"})
        void aBooleanMustBeTrueOrFalse(String value) {
            assertInvalid(() -> field("enabled", value).bool("enabled", null), "enabled must be true or false");
        }

        @ParameterizedTest(name = "tokenLifespanSeconds: {0}")
        @ValueSource(strings = {"\"300\"", "1.5", "300.0", "1e3", "2147483648", "true"})
        void anIntMustBeAnIntegerInRange(String value) {
            assertInvalid(() -> field("tokenLifespanSeconds", value).intValue("tokenLifespanSeconds", null),
                    "tokenLifespanSeconds must be an integer");
        }

        @ParameterizedTest(name = "expiresTimestamp: {0}")
        @ValueSource(strings = {"1e30", "9223372036854775808", "\"soon\"", "1.0"})
        void aLongMustBeAnIntegerInRange(String value) {
            assertInvalid(() -> field("expiresTimestamp", value).longValue("expiresTimestamp", null),
                    "expiresTimestamp must be an integer");
        }

        @Test
        void aLongTakesValuesBeyondInt() {
            assertThat(field("expiresTimestamp", "9223372036854775807").longValue("expiresTimestamp", null))
                    .isEqualTo(Long.MAX_VALUE);
        }

        @ParameterizedTest(name = "scopes: {0}")
        @ValueSource(strings = {"\"a\"", "{\"a\": \"b\"}", "5"})
        void aListMustBeAnArray(String value) {
            assertInvalid(() -> field("scopes", value).strings("scopes", null), "scopes must be an array of strings");
        }

        @ParameterizedTest(name = "scopes: {0}")
        @ValueSource(strings = {"[1]", "[\"a\", null]", "[[\"a\"]]", "[{\"a\": \"b\"}]"})
        void everyListItemMustBeAString(String value) {
            assertInvalid(() -> field("scopes", value).strings("scopes", null), "scopes must be an array of strings");
        }

        @ParameterizedTest(name = "attributes: {0}")
        @ValueSource(strings = {"[\"a\"]", "\"a=b\"", "3"})
        void aMapMustBeAnObject(String value) {
            assertInvalid(() -> field("attributes", value).stringMap("attributes", null),
                    "attributes must be an object of strings");
        }

        @ParameterizedTest(name = "attributes: {0}")
        @ValueSource(strings = {"{\"a\": 1}", "{\"a\": null}", "{\"a\": [\"b\"]}", "{\"a\": {\"b\": \"c\"}}"})
        void everyMapValueMustBeAString(String value) {
            assertInvalid(() -> field("attributes", value).stringMap("attributes", null),
                    "attributes values must be strings");
        }

        @ParameterizedTest(name = "rateLimit: {0}")
        @ValueSource(strings = {"100", "\"100/60\"", "[100, 60]"})
        void aNestedObjectMustBeAnObject(String value) {
            assertInvalid(() -> field("rateLimit", value).object("rateLimit"), "rateLimit must be an object");
        }

        @Test
        void unknownFieldsAreIgnored() {
            JsonBody json = JsonBody.parse("{\"id\": \"x\", \"status\": \"ACTIVE\", \"name\": \"n\"}");

            assertThat(json.text("name", null)).isEqualTo("n");
        }

        private static JsonBody field(String name, String json) {
            return JsonBody.parse("{\"" + name + "\": " + json + "}");
        }
    }

    private static void assertInvalid(ThrowingCallable call, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiKeyValidationException.class, e -> {
            assertThat(e.error()).isEqualTo("invalid_request");
            assertThat(e.description()).isEqualTo(description);
        });
    }
}
