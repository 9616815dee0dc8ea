package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.support.StandardWebhooksVerifier;
import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.events.DomainEvents;
import dev.passerelle.events.EventLog;
import dev.passerelle.events.EventPayload;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.mail.BounceMailbox;
import dev.passerelle.support.HmacSha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every event type any feature publishes — found by reflection: each {@link EventPayload} record's
 * {@code static final String} constants are its types — can be subscribed to. The common ones are
 * caused for real the way they happen (API calls, the mail server accepting an email, the public
 * link opened, a bounce report read from the mailbox, a signed WooCommerce delivery); the others
 * (an OAuth provider refusing a grant, a Peppol access point's answer, ...: each has its own test
 * in its feature) are published through the outbox as their feature publishes them, about a real
 * subject of their kind. Each arrives signed, and its live body has exactly the fields of the same
 * event's item in {@code recent} and in {@code poll} (field names, recursively), its {@code data}
 * being the subject as the subject's own endpoint shows it, or what the event says.
 */
@PasserelleTest
class EveryEventTypeTest {

    @Autowired
    Api api;
    @Autowired
    Documents documents;
    @Autowired
    DomainEvents events;
    @Autowired
    EventLog log;
    @Autowired
    TransactionTemplate tx;

    /** Every event type published, with the record that says it. */
    static Map<String, Class<? extends EventPayload>> publishedTypes() throws Exception {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(
                    org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isConcrete();
            }
        };
        scanner.addIncludeFilter(new AssignableTypeFilter(EventPayload.class));
        Map<String, Class<? extends EventPayload>> types = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.passerelle")) {
            Class<? extends EventPayload> payload = Class.forName(candidate.getBeanClassName())
                    .asSubclass(EventPayload.class);
            for (Field f : payload.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == String.class) {
                    f.setAccessible(true);
                    types.put((String) f.get(null), payload);
                }
            }
        }
        return types;
    }

    @Test
    void everyPublishedTypeCanBeSubscribedToAndNothingElse() throws Exception {
        Map<String, Class<? extends EventPayload>> published = publishedTypes();
        assertThat(published).containsKeys("client.created", "document.paid", "email.bounced", "card.moved",
                "task.due", "account.needs_reconnect", "document.peppol_rejected", "shop.order_received");
        assertThat(EventTypes.all()).extracting(EventTypes.EventType::event)
                .containsExactlyInAnyOrderElementsOf(published.keySet());
        for (EventTypes.EventType type : EventTypes.all()) {
            if (type.subject() == EventTypes.Subject.EVENT) {
                assertThat(type.payload()).as(type.event()).isEqualTo(published.get(type.event()));
            }
        }
        JsonNode listed = api.get("/api/v1/triggers", api.createTenant("Lister").apiKey()).body();
        List<String> names = new ArrayList<>();
        listed.forEach(t -> names.add(t.get("event").asString()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(published.keySet());
    }

    @Test
    void everyEventTypeArrivesSignedWithTheFieldsOfItsTriggerItems() throws Exception {
        Hooks hooks = new Hooks(api, "Every Event");
        String key = hooks.key();
        assertThat(api.put("/api/v1/settings/company", key, Map.of("name", "Every Event", "email",
                "contact@every-event.example", "paymentTermsDays", 14, "defaultLanguage", "en")).status()).isEqualTo(200);
        Map<String, Class<? extends EventPayload>> published = publishedTypes();
        Map<String, Hooks.Sub> subs = new HashMap<>();
        for (String type : published.keySet()) {
            subs.put(type, hooks.subscribe(type, Receiver.ok()));
        }

        // client.created, product.created
        String buyer = "hana." + UUID.randomUUID().toString().substring(0, 8) + "@every-event.example";
        Api.Response client = api.post("/api/v1/clients", key, Map.of("name", "Hana", "emails", List.of(buyer),
                "language", "en"));
        assertThat(client.status()).as(client.text()).isEqualTo(201);
        String clientId = client.body().get("id").asString();
        // document.updated, .deleted: a draft changed, another deleted (an event about a deleted draft renders
        // as nothing, but for document.deleted, whose data is what the event says)
        Map<String, Object> draftBody = Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR", "lines",
                List.of(Map.of("description", "Essai", "quantity", 1, "unitPrice", "1.00", "taxRate", 20)));
        Api.Response edited = api.post("/api/v1/documents", key, draftBody);
        assertThat(edited.status()).as(edited.text()).isEqualTo(201);
        Api.Response edit = api.put("/api/v1/documents/" + edited.body().get("id").asString(), key, Map.of("clientId",
                clientId, "currency", "EUR", "lines", List.of(Map.of("description", "Essai 2", "quantity", 1,
                        "unitPrice", "2.00", "taxRate", 20))));
        assertThat(edit.status()).as(edit.text()).isEqualTo(200);
        Api.Response deleted = api.post("/api/v1/documents", key, draftBody);
        assertThat(deleted.status()).as(deleted.text()).isEqualTo(201);
        assertThat(api.delete("/api/v1/documents/" + deleted.body().get("id").asString(), key).status()).isEqualTo(204);
        Api.Response product = api.post("/api/v1/products", key, Map.of("name", "Bougie", "sku", "B-" + UUID.randomUUID(),
                "unitPrice", "12.50", "taxRate", 20));
        assertThat(product.status()).as(product.text()).isEqualTo(201);

        // document.created, .issued, .sent, .viewed, .paid
        String paid = invoice(key, clientId, Map.of());
        String emailId = api.post("/api/v1/documents/" + paid + "/send", key, null).body().get("emailId").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/emails/" + emailId, key).body()
                .get("status").asString().equals("SENT"));
        String publicUrl = api.get("/api/v1/documents/" + paid, key).body().get("publicUrl").asString();
        assertThat(api.get(publicUrl, null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/documents/" + paid + "/payments", key, null).status()).isEqualTo(200);

        // document.overdue
        String overdue = invoice(key, clientId, Map.of("issueDate", LocalDate.now(ZoneOffset.UTC).minusDays(7).toString(),
                "dueDate", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()));
        assertThat(documents.markOverdue(UUID.fromString(overdue))).isTrue();

        // document.credited
        String credited = invoice(key, clientId, Map.of());
        Api.Response refund = api.post("/api/v1/documents/" + credited + "/refunds", key, Map.of("id", "r-1", "amount", "5.00"));
        assertThat(refund.status()).as(refund.text()).isEqualTo(201);

        // email.bounced: the invoice's email comes back
        String messageId = api.get("/api/v1/emails/" + emailId, key).body().get("messageId").asString();
        BounceMailbox.deliver(BounceMailbox.dsn(messageId, buyer));

        // shop.order_received: a signed WooCommerce delivery of a new order
        Api.Response connection = api.post("/api/v1/connections/woocommerce", key, Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice", "trigger", "processing")));
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        deliverOrder(connection.body().get("deliveryUrl").asString(), connection.body().get("secret").asString());

        // The others, once the asynchronous ones above have happened, as their features publish them.
        for (String type : List.of("email.bounced", "shop.order_received")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.newest(hooks.tenant.tenantId(), type, null, 1).isEmpty());
        }
        Map<EventTypes.Subject, UUID> subjects = Map.of(EventTypes.Subject.CLIENT, UUID.fromString(clientId),
                EventTypes.Subject.PRODUCT, UUID.fromString(product.body().get("id").asString()),
                EventTypes.Subject.DOCUMENT, UUID.fromString(paid), EventTypes.Subject.EMAIL, UUID.fromString(emailId),
                EventTypes.Subject.EVENT, UUID.randomUUID());
        for (Map.Entry<String, Class<? extends EventPayload>> type : published.entrySet()) {
            if (log.newest(hooks.tenant.tenantId(), type.getKey(), null, 1).isEmpty()) {
                UUID subject = subjects.get(EventTypes.find(type.getKey()).orElseThrow().subject());
                EventPayload payload = instance(type.getValue(), type.getKey());
                tx.executeWithoutResult(s -> events.publish(hooks.tenant.tenantId(), subject, payload));
            }
        }

        for (String event : published.keySet()) {
            EventTypes.EventType type = EventTypes.find(event).orElseThrow();
            Hooks.Sub sub = subs.get(event);
            JsonNode[] newest = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode recent = api.get("/api/v1/triggers/" + event + "/recent", key).body();
                newest[0] = recent.isEmpty() ? null : recent.get(0);
                return newest[0] != null;
            });
            JsonNode recentItem = newest[0];
            String id = recentItem.get("id").asString();
            LoggedRequest live = awaitDelivery(sub, id);
            byte[] body = live.getBody();
            assertThat(StandardWebhooksVerifier.verify(sub.secret(), id, live.getHeader("webhook-timestamp"), body,
                    live.getHeader("webhook-signature"))).as(event).isTrue();
            JsonNode delivered = api.json(new String(body, StandardCharsets.UTF_8));
            assertThat(delivered.propertyNames()).as(event).containsExactly("id", "type", "occurredAt", "data");
            assertThat(delivered.get("type").asString()).isEqualTo(event);
            assertThat(delivered.get("data").isObject()).as(event).isTrue();

            assertThat(Hooks.fieldPaths(delivered)).as(event + ": live vs recent").isEqualTo(Hooks.fieldPaths(recentItem));
            JsonNode polled = find(api.get("/api/v1/triggers/" + event + "/poll", key).body().get("items"), id)
                    .orElseThrow(() -> new AssertionError(event + ": " + id + " not polled"));
            assertThat(Hooks.fieldPaths(delivered)).as(event + ": live vs poll").isEqualTo(Hooks.fieldPaths(polled));
            assertThat(polled).isEqualTo(recentItem);

            // data is the subject as its own endpoint shows it now (nulls aside: the API leaves them out),
            // or what the event says: each of its record's fields.
            if (type.subject() == EventTypes.Subject.EVENT) {
                assertThat(recentItem.get("data").propertyNames()).as(event).containsExactlyElementsOf(
                        java.util.Arrays.stream(published.get(event).getRecordComponents()).map(RecordComponent::getName)
                                .filter(n -> !n.equals("eventType")).toList());
                continue;
            }
            Optional<JsonNode> shown = shown(key, type.subject(), recentItem.get("data"));
            shown.ifPresent(api -> assertThat(DeliveryTest.withoutNulls(recentItem.get("data"))).as(event).isEqualTo(api));
        }
    }

    private Optional<JsonNode> shown(String key, EventTypes.Subject subject, JsonNode data) {
        String id = data.path("id").asString("");
        return switch (subject) {
            case CLIENT -> Optional.of(api.get("/api/v1/clients/" + id, key).body());
            case PRODUCT -> Optional.of(api.get("/api/v1/products/" + id, key).body());
            case DOCUMENT -> Optional.of(api.get("/api/v1/documents/" + id, key).body());
            case EMAIL -> find(api.get("/api/v1/emails", key).body().get("items"), id);
            case EVENT -> Optional.empty();
            case SHOP_ORDER -> {
                assertThat(data.get("orderId").asString()).isNotBlank();
                assertThat(data.get("status").asString()).isEqualTo("processing");
                assertThat(data.get("total").decimalValue()).isEqualByComparingTo("29.35");
                assertThat(data.get("billingEmail").asString()).isEqualTo("john.doe@example.com");
                assertThat(data.get("documentId").asString()).isNotBlank();
                yield Optional.empty();
            }
        };
    }

    /** A payload of the record with a value in each field; the type for a record that serves several. */
    private static EventPayload instance(Class<? extends EventPayload> type, String event) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("eventType") ? event : value(types[i], components[i].getName());
        }
        var constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(Class<?> type, String name) {
        if (type == UUID.class) {
            return UUID.randomUUID();
        } else if (type == String.class) {
            return name + " value";
        } else if (type == Instant.class) {
            return Instant.now();
        } else if (type == LocalDate.class) {
            return LocalDate.now(ZoneOffset.UTC);
        } else if (type == BigDecimal.class) {
            return new BigDecimal("12.50");
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type == long.class || type == Long.class) {
            return 42L;
        } else if (type == int.class || type == Integer.class) {
            return 42;
        } else if (type == List.class) {
            return List.of();
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new AssertionError("no sample value for " + name + " of type " + type);
    }

    private String invoice(String key, String clientId, Map<String, Object> dates) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "lines", List.of(Map.of("description", "Bougie parfumée", "quantity", 2, "unitPrice", "12.50",
                        "taxRate", 20))));
        body.putAll(dates);
        Api.Response created = api.post("/api/v1/documents", key, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(api.post("/api/v1/documents/" + id + "/issue", key, null).status()).isEqualTo(200);
        return id;
    }

    private void deliverOrder(String url, String secret) throws Exception {
        ObjectNode order;
        try (InputStream in = getClass().getResourceAsStream("/woocommerce/order-727-processing.json")) {
            order = (ObjectNode) api.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        long orderId = 700_000 + (long) (Math.random() * 100_000);
        order.put("id", orderId);
        order.put("number", Long.toString(orderId));
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        Api.Response r = api.postRaw(url, null, body, "application/json", Map.of(
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Resource", "order", "X-WC-Webhook-Event", "created",
                "X-WC-Webhook-ID", "14", "X-WC-Webhook-Source", "https://boutique.example/",
                "X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(HmacSha256.sign(secret, body))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static LoggedRequest awaitDelivery(Hooks.Sub sub, String webhookId) {
        LoggedRequest[] found = new LoggedRequest[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = Receiver.received(sub.url()).stream().filter(r -> webhookId.equals(r.getHeader("webhook-id")))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static Optional<JsonNode> find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asString("").equals(id)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
