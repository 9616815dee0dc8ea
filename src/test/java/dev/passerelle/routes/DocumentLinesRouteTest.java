package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** create-document's {@code lines} in a route: from the event, and fixed per installation. */
@PasserelleTest
class DocumentLinesRouteTest {

    static final String ROUTE = """
            - route:
                id: test-lines
                from:
                  uri: passerelle:hook
                  parameters:
                    hook: "${install.hook}"
                  steps:
                    - to:
                        uri: passerelle:upsert-client
                        parameters:
                          email: "${event.email}"
                    - to:
                        uri: passerelle:create-document
                        parameters:
                          kind: invoice
                          clientId: "${body.id}"
                          lines: "${event.lines}"
                    - to:
                        uri: passerelle:create-document
                        parameters:
                          kind: order_confirmation
                          clientId: "${body.clientId}"
                          lines: "${install.lines}"
            """;

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;

    @AfterEach
    void clear() throws IOException {
        RouteFixtures.clear(files);
    }

    @Test
    void linesComeFromTheEventOrFromTheInstallation() throws IOException {
        RouteFixtures.write(files, "lines.camel.yaml", ROUTE);
        files.reload();
        Api.TenantKey tenant = api.createTenant("Lines in routes");
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Orders")).body().get("url").asString();
        Api.Response installed = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", "test-lines",
                "parameters", Map.of("hook", "Orders", "lines", List.of(Map.of("description", "Monthly plan",
                        "unitPrice", "15.00", "taxRate", 20)))));
        assertThat(installed.status()).as(installed.text()).isEqualTo(201);

        api.postRaw(hook, null, """
                {"email": "lines@example.com", "lines": [{"description": "Tea", "quantity": 2, "unitPrice": "4.50",
                 "taxRate": 6}, {"description": "Cup", "unitPrice": 8, "taxRate": 21}]}""".getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());

        JsonNode documents = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/documents",
                tenant.apiKey()).body().get("items"), items -> items.size() == 2);
        JsonNode invoice = find(documents, "INVOICE");
        JsonNode confirmation = find(documents, "ORDER_CONFIRMATION");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("19.22"); // 9.54 + 9.68
        assertThat(confirmation.get("total").decimalValue()).isEqualByComparingTo("18.00");
    }

    private static JsonNode find(JsonNode documents, String kind) {
        for (JsonNode d : documents) {
            if (d.get("kind").asString().equals(kind)) {
                return d;
            }
        }
        throw new AssertionError("no " + kind + " in " + documents);
    }
}
