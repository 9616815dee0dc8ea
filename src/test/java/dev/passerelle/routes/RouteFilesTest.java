package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class RouteFilesTest {

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;
    @Autowired
    CamelContext camel;

    @AfterEach
    void removeFiles() throws IOException {
        RouteFixtures.clear(files);
    }

    @Test
    void aRouteFileIsLoadedListedAndItsParametersDeclared() throws IOException {
        RouteFixtures.write(files, "chat.camel.yaml", """
                - route:
                    id: test-chat
                    description: Tell the chat
                    from:
                      uri: passerelle:event
                      parameters:
                        type: document.paid
                      steps:
                        - to:
                            uri: passerelle:http-post
                            parameters:
                              url: "${install.chatUrl}"
                              signingSecret: "${install.key}"
                """);

        JsonNode listing = api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null).body();

        JsonNode file = find(listing.get("files"), "file", "chat.camel.yaml");
        assertThat(file.get("status").asString()).isEqualTo("RUNNING");
        JsonNode route = find(listing.get("routes"), "id", "test-chat");
        assertThat(route.get("status").asString()).isEqualTo("Started");
        assertThat(route.get("installable").asBoolean()).isTrue();
        assertThat(route.get("parameters").findValuesAsString("name")).containsExactly("chatUrl", "key");
        assertThat(route.get("parameters").get(1).get("type").asString()).isEqualTo("SECRET");
        assertThat(camel.getRoute("test-chat")).isNotNull();
    }

    @Test
    void aBrokenVersionIsRejectedWithItsLineWhileThePreviousOneKeepsRunning() throws IOException {
        String good = """
                - route:
                    id: test-keeps-running
                    from:
                      uri: passerelle:event
                      parameters:
                        type: client.created
                      steps:
                        - to:
                            uri: passerelle:notify-team
                            parameters:
                              subject: "New client ${event.name}"
                              body: "Say hello"
                """;
        RouteFixtures.write(files, "keep.camel.yaml", good);
        files.reload();
        assertThat(camel.getRoute("test-keeps-running")).isNotNull();

        RouteFixtures.write(files, "keep.camel.yaml", good.replace("subject:", "subjekt:"));
        JsonNode listing = api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null).body();

        JsonNode file = find(listing.get("files"), "file", "keep.camel.yaml");
        assertThat(file.get("status").asString()).isEqualTo("REJECTED");
        assertThat(file.get("problems").findValuesAsString("message")).anySatisfy(m -> assertThat(m)
                .contains("unknown property 'subjekt' of passerelle:notify-team"));
        // The line of the step with the mistake: "- to:" in the file above.
        assertThat(file.get("problems").get(0).get("line").asInt()).isEqualTo(8);
        assertThat(camel.getRoute("test-keeps-running")).isNotNull();
        assertThat(find(listing.get("routes"), "id", "test-keeps-running").get("status").asString()).isEqualTo("Started");
    }

    @Test
    void validateChecksWithoutDeploying() {
        Api.Response response = api.postRaw("/api/v1/admin/routes/validate", Api.OPERATOR, """
                - route:
                    id: never-deployed
                    from:
                      uri: passerelle:event
                      parameters:
                        type: document.paid
                      steps:
                        - to:
                            uri: passerelle:no-such-block
                """.getBytes(), "application/yaml", java.util.Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().get("valid").asBoolean()).isFalse();
        assertThat(response.body().get("problems").get(0).get("message").asString())
                .contains("unknown building block 'passerelle:no-such-block'");
        assertThat(camel.getRoute("never-deployed")).isNull();
    }

    static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (value.equals(item.path(field).asString())) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + list);
    }
}
