package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonBodiesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JsonBodies bodies = new JsonBodies(JSON);

    /** A receiver reads a few fields without the tree: what it gets must be what the tree would have held. */
    @Test
    void theFieldsAskedForAreTheTreesOwnValues() throws IOException {
        Set<String> names = Set.of("id", "date_modified_gmt", "billing");
        List<String> documents = List.of(fixture("order-727-processing.json"),
                "{\"id\":12}", "{\"id\":12.7}", "{\"id\":\"12\"}", "{\"id\":1e30}", "{\"id\":99999999999999999999}",
                "{\"id\":true}", "{\"id\":null}", "{\"id\":-5,\"date_modified_gmt\":17}",
                "{\"id\":1,\"date_modified_gmt\":{\"a\":[1,2]}}", "{\"id\":1,\"id\":2}", "{\"id\":1.5e3}",
                "{\"other\":{\"id\":3},\"list\":[{\"id\":4}]}", "{}");
        for (String document : documents) {
            JsonNode tree = JSON.readTree(document);
            Map<String, JsonNode> fields = bodies.objectFields(document.getBytes(StandardCharsets.UTF_8), names);
            for (String name : names) {
                assertThat(fields.get(name)).as(document + " " + name).isEqualTo(tree.get(name));
            }
            assertThat(fields.keySet()).as(document).allMatch(tree::has);
        }
        assertThat(bodies.objectFields(fixture("order-727-processing.json").getBytes(StandardCharsets.UTF_8), names))
                .containsOnlyKeys(names);
    }

    @Test
    void anythingButOneWellFormedObjectIsRefusedSayingWhy() {
        Map<String, String> refused = Map.of(
                "", "the body is empty; send a JSON object",
                "[{\"id\":1}]", "the body must be a JSON object",
                "\"id\"", "the body must be a JSON object",
                "{\"id\":1} {\"id\":2}", "the body has content after its JSON document",
                "{\"id\":1,", "the body is not valid JSON",
                "{\"id\":1,\"x\":[1,}", "the body is not valid JSON");
        refused.forEach((body, why) -> assertThatThrownBy(
                () -> bodies.objectFields(body.getBytes(StandardCharsets.UTF_8), Set.of("id")))
                .as(body).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getDetail()).startsWith(why);
                }));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = JsonBodiesTest.class.getResourceAsStream("/woocommerce/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
