package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentResponse;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.Payment;
import dev.passerelle.web.PublicUrls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The actions that move a document along, and the one that finds documents. */
@Configuration(proxyBeanMethods = false)
class DocumentActions {

    private static final PropertySpec DOCUMENT_ID = required("documentId", PropertyType.UUID, "Document",
            "The document's id, e.g. from the event or a create-document step.", "${event.documentId}");

    /** An action whose work is one call; the rest is its description. */
    private record Simple(BlockSpec spec, Effect effect, Work work) implements Action {

        interface Work {
            JsonNode run(ActionCall call) throws Exception;
        }

        @Override
        public JsonNode run(ActionCall call) throws Exception {
            return work.run(call);
        }
    }

    /**
     * A document as {@code GET /api/v1/documents/{id}} answers it (with its public link), so that
     * a zap's later steps can map the same fields whichever step gave them the document.
     */
    static JsonNode shown(Document d, PublicUrls publicUrls, JsonMapper json) {
        return json.valueToTree(DocumentResponse.of(d, publicUrls));
    }

    @Bean
    Action issueDocument(Documents documents, PublicUrls publicUrls, JsonMapper json) {
        return new Simple(new BlockSpec("issue-document", BlockSpec.Role.ACTION, "Issue a document",
                "Gives a draft its number and issues it; an issued document is left as it is.",
                List.of(DOCUMENT_ID), "The document, as GET /api/v1/documents/{id} shows it."), Action.Effect.TRANSACTIONAL,
                call -> {
                    var d = documents.get(call.tenantId(), call.requiredUuid("documentId"));
                    return shown(d.status() == DocumentStatus.DRAFT
                            ? documents.issue(call.tenantId(), d.id(), call.actor()) : d, publicUrls, json);
                });
    }

    @Bean
    Action recordPayment(Documents documents, PublicUrls publicUrls, JsonMapper json) {
        return new Simple(new BlockSpec("record-payment", BlockSpec.Role.ACTION, "Record a payment",
                "Records a payment against an issued document; without an amount, its whole balance.",
                List.of(DOCUMENT_ID,
                        optional("amount", PropertyType.DECIMAL, "Amount", "Empty for the full balance.", null,
                                "${event.amount}"),
                        optional("date", PropertyType.DATE, "Date", "Empty for today.", null, "${today}"),
                        optional("method", PropertyType.TEXT, "Method", null, null, "bank transfer"),
                        optional("reference", PropertyType.TEXT, "Reference", null, null, "${event.paymentId}")),
                "The document, as GET /api/v1/documents/{id} shows it."), Action.Effect.TRANSACTIONAL,
                call -> shown(documents.markPaid(call.tenantId(), call.requiredUuid("documentId"),
                        new Payment(call.decimal("amount"), call.date("date"), call.text("method"),
                                call.text("reference")), call.actor()), publicUrls, json));
    }

    @Bean
    Action cancelDocument(Documents documents, PublicUrls publicUrls, JsonMapper json) {
        return new Simple(new BlockSpec("cancel-document", BlockSpec.Role.ACTION, "Cancel a document",
                "Cancels a document; an issued invoice is cancelled by a credit note, which is returned.",
                List.of(DOCUMENT_ID, optional("reason", PropertyType.TEXT, "Reason", null, null, "order cancelled")),
                "The cancelled document, or the credit note, as GET /api/v1/documents/{id} shows it."), Action.Effect.TRANSACTIONAL,
                call -> shown(documents.cancel(call.tenantId(), call.requiredUuid("documentId"),
                        call.text("reason"), call.actor()), publicUrls, json));
    }

    @Bean
    Action findDocuments(Documents documents, JsonMapper json) {
        return new Simple(new BlockSpec("find-documents", BlockSpec.Role.ACTION, "Find documents",
                "Lists the tenant's documents by kind, status and issue date, newest first.",
                List.of(optional("kind", PropertyType.TEXT, "Kind", null, null, "invoice")
                                .withChoices("invoice", "credit_note", "order_confirmation", "delivery_note"),
                        optional("status", PropertyType.TEXT, "Status", null, null, "paid"),
                        optional("issuedFrom", PropertyType.DATE, "Issued from", "Inclusive.", null, "${yesterday}"),
                        optional("issuedTo", PropertyType.DATE, "Issued to", "Inclusive.", null, "${yesterday}"),
                        optional("limit", PropertyType.INTEGER, "Limit", "At most this many.", "1000", "100")),
                "A JSON list of documents (id, kind, status, number, clientName, currency, total, balance, "
                        + "issueDate, dueDate)."), Action.Effect.NONE,
                call -> {
                    String kind = call.text("kind");
                    String status = call.text("status");
                    return json.valueToTree(documents.list(call.tenantId(),
                            kind == null ? null : DocumentKind.valueOf(kind.toUpperCase(Locale.ROOT)),
                            status == null ? null : DocumentStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                            call.date("issuedFrom"), call.date("issuedTo"),
                            Math.min(10_000, Integer.parseInt(call.requiredText("limit")))));
                });
    }
}
