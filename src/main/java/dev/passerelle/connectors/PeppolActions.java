package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.required;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.passerelle.einvoicing.PeppolOutbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sending a document through Peppol as a building block: it queues the document in the e-invoicing
 * feature's Peppol outbox, which sends it through the tenant's access point with durable retries
 * and follows its delivery. The outbox keeps one transmission per document, so the block's effect
 * is once per document whatever the route does.
 */
@Configuration(proxyBeanMethods = false)
class PeppolActions {

    @Bean
    Action sendPeppol(PeppolOutbox outbox, JsonMapper json) {
        BlockSpec spec = new BlockSpec("send-peppol", BlockSpec.Role.ACTION, "Send through Peppol",
                "Queues an issued invoice or credit note for its client's Peppol id and the tenant's access point; "
                        + "the outbox sends it with retries and follows its delivery (docs/e-invoicing.md).",
                List.of(required("documentId", PropertyType.UUID, "Document",
                        "The document's id, e.g. from the event or a create-document step.", "${event.documentId}")),
                "The transmission: its status (QUEUED, SENT, DELIVERED, REJECTED, FAILED) and receiver.");
        return new Action() {
            @Override
            public BlockSpec spec() {
                return spec;
            }

            @Override
            public Effect effect() {
                return Effect.TRANSACTIONAL;
            }

            @Override
            public JsonNode run(ActionCall call) {
                return json.valueToTree(outbox.send(call.tenantId(), call.requiredUuid("documentId"), call.actor())
                        .transmission());
            }
        };
    }
}
