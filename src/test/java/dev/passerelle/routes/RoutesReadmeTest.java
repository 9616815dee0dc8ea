package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** The worked example in routes/README.md is a route that validates, with the parameters it promises. */
@PasserelleTest
class RoutesReadmeTest {

    @Autowired
    Api api;

    @Test
    void theWorkedExampleValidates() throws IOException {
        String readme = Files.readString(Path.of("routes/README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        Api.Response response = api.postRaw("/api/v1/admin/routes/validate?file=overdue-to-accounting.camel.yaml",
                Api.OPERATOR, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml", Map.of());

        assertThat(response.body().get("valid").asBoolean()).as(response.text()).isTrue();
        JsonNode parameters = response.body().get("routes").get(0).get("parameters");
        assertThat(parameters.findValuesAsString("name")).containsExactly("endpoint", "secret");
        assertThat(parameters.get(1).get("type").asString()).isEqualTo("SECRET");

        Api.Response typo = api.postRaw("/api/v1/admin/routes/validate?file=overdue-to-accounting.camel.yaml",
                Api.OPERATOR, yaml.replace("signingSecret:", "signingSecrt:").getBytes(StandardCharsets.UTF_8),
                "application/yaml", Map.of());
        JsonNode problem = typo.body().get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(9); // "- to:" of the step with the typo
        assertThat(problem.get("message").asString()).isEqualTo("passerelle:http-post: unknown property 'signingSecrt' "
                + "of passerelle:http-post; it has: url, body, signingSecret");
    }
}
