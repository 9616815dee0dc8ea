package dev.passerelle.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** What a zap user reads when a value is wrong: the field, what was expected, what came. */
@PasserelleTest
class ActionValidationTest {

    @Autowired
    Api api;
    @Autowired
    Catalog catalog;

    Api.Response act(String key, String block, Object body) {
        return api.post("/api/v1/actions/" + block, key, body);
    }

    static List<String> fields(Api.Response r) {
        List<String> fields = new java.util.ArrayList<>();
        r.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    static String detail(Api.Response r) {
        return r.body().get("detail").asString();
    }

    @Test
    void valuesAreTakenLiterallyNeverAsTemplates() {
        Api.TenantKey tenant = api.createTenant("Literal");

        Api.Response client = act(tenant.apiKey(), "upsert-client", Map.of("name", "${tenant.id}",
                "company", "${body.name} & ${install.x}", "email", "literal@example.com"));

        assertThat(client.status()).as(client.text()).isEqualTo(200);
        JsonNode stored = api.get("/api/v1/clients/" + client.body().get("id").asString(), tenant.apiKey()).body();
        assertThat(stored.get("name").asString()).isEqualTo("${tenant.id}");
        assertThat(stored.get("company").asString()).isEqualTo("${body.name} & ${install.x}");

        Api.Response document = act(tenant.apiKey(), "create-document", Map.of("kind", "invoice", "clientId",
                client.body().get("id").asString(), "note", "${now}", "lines",
                List.of(Map.of("description", "${item.title}", "unitPrice", 1))));
        assertThat(document.status()).as(document.text()).isEqualTo(200);
        assertThat(document.body().get("customerNote").asString()).isEqualTo("${now}");
        assertThat(document.body().get("lines").get(0).get("description").asString()).isEqualTo("${item.title}");
    }

    @Test
    void anUnknownPropertyIsNamedWithTheKnownOnes() {
        String key = api.createTenant("Unknown").apiKey();

        Api.Response r = act(key, "update-client", Map.of("clientId", "0190f1c2-6b1a-7c3d-9e4f-123456789abc",
                "colour", "blue"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(fields(r)).containsExactly("colour");
        assertThat(detail(r)).isEqualTo("colour: unknown property of update-client; known: clientId, name, company, "
                + "email, phone, vatNumber, language, externalId, source, addressLine1, addressLine2, postcode, "
                + "city, country");
    }

    @Test
    void routeOnlyPropertiesAreRefusedOverHttp() {
        String key = api.createTenant("Route only").apiKey();

        Api.Response mapping = act(key, "upsert-client", Map.of("name", "x", "fields", Map.of("email", "${event.a}")));
        Api.Response items = act(key, "create-document", Map.of("kind", "invoice",
                "clientId", "0190f1c2-6b1a-7c3d-9e4f-123456789abc", "items", List.of(Map.of("a", 1))));

        assertThat(mapping.status()).isEqualTo(422);
        assertThat(detail(mapping)).startsWith("fields: only a route may give it");
        assertThat(fields(items)).containsExactly("items");
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndWhatCame() {
        String key = api.createTenant("Types").apiKey();

        Api.Response r = act(key, "create-document", Map.of("kind", "bill", "clientId", "client-7",
                "issue", "maybe", "dueDate", "31/01/2031", "lines", Map.of("description", "x"),
                "pricesIncludeTax", 1, "note", Map.of("a", 1)));

        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r)).containsExactlyInAnyOrder("kind", "clientId", "issue", "dueDate", "lines",
                "pricesIncludeTax", "note");
        assertThat(detail(r))
                .contains("kind: expected one of invoice, order_confirmation, delivery_note, got 'bill'")
                .contains("clientId: expected an id (a UUID such as 0190f1c2-6b1a-7c3d-9e4f-123456789abc), got "
                        + "'client-7'")
                .contains("issue: expected true or false, got 'maybe'")
                .contains("dueDate: expected a date (yyyy-mm-dd, e.g. 2026-03-05), got '31/01/2031'")
                .contains("lines: expected a JSON list of lines")
                .contains("pricesIncludeTax: expected true or false, got 1")
                .contains("note: expected text, got an object");

        Api.Response numbers = act(key, "upsert-product", Map.of("name", "x", "unitPrice", "12,50", "taxRate", true));
        assertThat(detail(numbers)).contains("unitPrice: expected a number such as 12.50, got '12,50'")
                .contains("taxRate: expected a number such as 12.50, got true");

        Api.Response email = act(key, "find-client", Map.of("email", "not-an-address"));
        assertThat(detail(email)).isEqualTo("email: expected an e-mail address, got 'not-an-address'");

        Api.Response limit = act(key, "find-documents", Map.of("limit", 2.5));
        assertThat(detail(limit)).isEqualTo("limit: expected a whole number, got 2.5");

        Api.Response nul = act(key, "upsert-client", Map.of("name", "a\u0000b"));
        assertThat(detail(nul)).startsWith("name: contains a NUL character");
    }

    @Test
    void requiredPropertiesAndDomainRulesNameTheirField() {
        String key = api.createTenant("Required").apiKey();

        Api.Response missing = act(key, "update-client", Map.of("name", "x"));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(detail(missing)).isEqualTo("clientId: required (Client: The client's id.), not given");

        Api.Response empty = act(key, "send-document", Map.of("documentId", ""));
        assertThat(fields(empty)).containsExactly("documentId");

        Api.Response nameless = act(key, "upsert-client", Map.of("phone", "0102"));
        assertThat(nameless.status()).isEqualTo(422);
        assertThat(detail(nameless)).contains("a name, an e-mail or an external id");

        Api.Response language = act(key, "upsert-client", Map.of("name", "x", "language", "klingon"));
        assertThat(language.status()).isEqualTo(422);
        assertThat(detail(language)).startsWith("language: must be one of");

        Api.Response search = act(key, "find-client", Map.of());
        assertThat(detail(search)).isEqualTo("email: give an e-mail or an externalId to search by; both are empty");

        Api.Response notObject = api.postRaw("/api/v1/actions/upsert-client", key,
                "[1, 2]".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(notObject.status()).isEqualTo(422);
        assertThat(detail(notObject)).startsWith("the body must be a JSON object of passerelle:upsert-client's "
                + "properties");

        Api.Response notJson = api.postRaw("/api/v1/actions/upsert-client", key,
                "{name".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(detail(notJson)).startsWith("the body is not valid JSON");
    }

    @Test
    void unknownTriggerAndRouteOnlyBlocksAreNotFound() {
        String key = api.createTenant("Blocks").apiKey();

        Api.Response unknown = act(key, "create-unicorn", Map.of());
        Api.Response trigger = act(key, "hook", Map.of());
        Api.Response routeOnly = act(key, "http-post", Map.of("url", "https://example.com"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(detail(unknown)).startsWith("no action 'create-unicorn'; actions over HTTP: ")
                .contains("upsert-client").doesNotContain("http-post");
        assertThat(trigger.status()).isEqualTo(404);
        assertThat(detail(trigger)).contains("is a trigger");
        assertThat(routeOnly.status()).isEqualTo(404);
        assertThat(detail(routeOnly)).startsWith("'http-post' runs only inside routes: it posts from the hub's address");
    }

    @Test
    void whichBlocksRunOverHttpIsDecidedForEachOne() {
        // A new action block must be put here on purpose: callable over HTTP, or routeOnly with a reason.
        assertThat(catalog.specs().stream().filter(BlockSpec::direct).map(BlockSpec::name))
                .containsExactlyInAnyOrder("upsert-client", "update-client", "find-client", "upsert-product",
                        "find-product", "create-document", "send-document", "issue-document", "record-payment",
                        "cancel-document", "find-documents", "send-peppol");
        assertThat(catalog.specs().stream().filter(s -> s.role() == BlockSpec.Role.ACTION && !s.direct())
                .map(BlockSpec::name)).containsExactlyInAnyOrder("http-post", "to-csv", "apply-shop-order",
                "send-email", "notify-team");
        // Over HTTP a property not given takes its default: a default that is a template would read a
        // route's data that is not there.
        for (BlockSpec spec : catalog.specs().stream().filter(BlockSpec::direct).toList()) {
            for (PropertySpec p : spec.directProperties()) {
                assertThat(Templates.isTemplate(p.defaultValue())).as(spec.name() + "." + p.name()).isFalse();
            }
        }
    }

    @Test
    void aTenantActsOnlyOnItsOwnRecords() {
        Api.TenantKey alice = api.createTenant("Alice & Co");
        Api.TenantKey bob = api.createTenant("Bob Ltd");
        String aliceClient = act(alice.apiKey(), "upsert-client", Map.of("name", "Alice's client",
                "email", "shared@example.com")).body().get("id").asString();
        String aliceDocument = act(alice.apiKey(), "create-document", Map.of("kind", "invoice", "clientId",
                aliceClient, "issue", true, "lines", List.of(Map.of("description", "x", "unitPrice", 5)))).body()
                .get("id").asString();

        Api.Response update = act(bob.apiKey(), "update-client", Map.of("clientId", aliceClient, "name", "Mine now"));
        Api.Response send = act(bob.apiKey(), "send-document", Map.of("documentId", aliceDocument));
        Api.Response issue = act(bob.apiKey(), "issue-document", Map.of("documentId", aliceDocument));
        Api.Response invoice = act(bob.apiKey(), "create-document", Map.of("kind", "invoice", "clientId", aliceClient,
                "lines", List.of(Map.of("description", "x", "unitPrice", 5))));
        Api.Response find = act(bob.apiKey(), "find-client", Map.of("email", "shared@example.com"));

        assertThat(update.status()).isEqualTo(404);
        assertThat(update.contentType()).startsWith("application/problem+json");
        assertThat(detail(update)).isEqualTo("client " + aliceClient + " not found");
        assertThat(send.status()).isEqualTo(404);
        assertThat(issue.status()).isEqualTo(404);
        assertThat(invoice.status()).isEqualTo(422);
        assertThat(detail(invoice)).isEqualTo("clientId: no client " + aliceClient);
        assertThat(find.body()).isEmpty();
        assertThat(api.get("/api/v1/clients/" + aliceClient, alice.apiKey()).body().get("name").asString())
                .isEqualTo("Alice's client");
        assertThat(api.get("/api/v1/documents/" + aliceDocument, alice.apiKey()).body().get("status").asString())
                .isEqualTo("ISSUED");
    }
}
