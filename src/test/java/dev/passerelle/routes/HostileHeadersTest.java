package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * Inbound HTTP headers never become Camel headers: a hook delivery carrying Camel's own header
 * names cannot steer a route's producers (here the file component's target name and folder).
 */
@PasserelleTest
class HostileHeadersTest {

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;

    @AfterEach
    void clear() throws IOException {
        RouteFixtures.clear(files);
    }

    @Test
    void camelHeaderNamesInAHookDeliveryDoNotReachTheRoute() throws IOException {
        Path out = files.dir().resolveSibling("hostile-" + UUID.randomUUID()).toAbsolutePath();
        RouteFixtures.write(files, "to-file.camel.yaml", """
                - route:
                    id: test-hook-to-file
                    from:
                      uri: passerelle:hook
                      parameters:
                        hook: "${install.hook}"
                      steps:
                        - to:
                            uri: "file:%s"
                """.formatted(out));
        files.reload();
        Api.TenantKey tenant = api.createTenant("Hostile " + UUID.randomUUID());
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Drop")).body().get("url").asString();
        api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", "test-hook-to-file",
                "parameters", Map.of("hook", "Drop")));

        Api.Response r = api.postRaw(hook, null, "{\"n\": 1}".getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("CamelFileName", "../escaped.txt", "CamelOverruleFileName", "evil.txt",
                        "Camel-File-Name", "evil2.txt", "CamelHttpUri", "http://10.0.0.1/"));
        assertThat(r.status()).isEqualTo(200);

        List<Path> written = await().atMost(Duration.ofSeconds(20)).until(() -> list(out), l -> !l.isEmpty());
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString()).doesNotContain("evil").doesNotContain("escaped");
        assertThat(Files.readString(written.get(0))).isEqualTo("{\"n\":1}");
        assertThat(out.resolveSibling("escaped.txt")).doesNotExist();
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
