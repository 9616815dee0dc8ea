package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.Arrays;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import dev.passerelle.mail.DocumentMails;
import dev.passerelle.mail.Email;
import dev.passerelle.mail.EmailViews;
import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.ProviderEvents;
import dev.passerelle.mail.Recipient;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.CompanyProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The email actions. Each queues its email in the mail outbox under the step's idempotency key,
 * so a repeated run finds the email it queued; the outbox sends it, with its own retries and
 * delivery statuses.
 */
@Configuration(proxyBeanMethods = false)
class MailActions {

    private record Mail(BlockSpec spec, Work work) implements Action {

        interface Work {
            JsonNode run(ActionCall call);
        }

        @Override
        public Effect effect() {
            return Effect.TRANSACTIONAL;
        }

        @Override
        public JsonNode run(ActionCall call) {
            return work.run(call);
        }
    }

    private static final PropertySpec SUBJECT = required("subject", PropertyType.TEMPLATE, "Subject",
            "Text with placeholders.", "Invoice ${event.number} is paid");
    private static final PropertySpec BODY = required("body", PropertyType.TEMPLATE, "Body",
            "Plain text with placeholders; sent in the tenant's notification layout.",
            "${event.clientName} paid ${event.total} ${event.currency}.");
    private static final PropertySpec LANGUAGE = optional("language", PropertyType.TEXT, "Language",
            "Of the layout around the text: en, fr, de, it, es, nl. Else the tenant's.", null, "fr");

    @Bean
    Action sendDocument(DocumentMails mails, JsonMapper json) {
        return new Mail(new BlockSpec("send-document", BlockSpec.Role.ACTION, "Send a document by email",
                "Emails the document to its client (or to the given addresses) with the tenant's template and its "
                        + "PDF, as the Send button does; not when the invoice goes through Peppol instead of email "
                        + "(the tenant's or the client's choice), which its history says.",
                List.of(required("documentId", PropertyType.UUID, "Document", null, "${body.id}"),
                        optional("to", PropertyType.TEXT, "To", "Comma-separated addresses (at most 3) instead of the "
                                + "client's.", null, "${install.accountsEmail}"),
                        optional("subject", PropertyType.TEMPLATE, "Subject", "Instead of the template's.", null, null),
                        optional("body", PropertyType.TEMPLATE, "Body", "Instead of the template's.", null, null),
                        optional("issue", PropertyType.BOOLEAN, "Issue a draft", "Issue a draft first instead of "
                                + "refusing it.", "false", "true")),
                "The queued email as the API lists it (id, status, to, subject, ...); {\"emailed\": false, "
                        + "\"reason\"} when the document goes through Peppol instead of email."),
                call -> {
                    // A route, an automation or a zap sends on its own: Peppol instead of email counts.
                    DocumentMails.Result result = mails.sendAutomatically(call.tenantId(), call.requiredUuid("documentId"),
                            new DocumentMails.Request(addresses(call.text("to")), null, call.text("subject"),
                                    call.text("body"), null, call.bool("issue")), call.idempotencyKey());
                    if (result instanceof DocumentMails.NotEmailed notEmailed) {
                        return json.createObjectNode().put("emailed", false).put("reason", notEmailed.reason());
                    }
                    if (result instanceof DocumentMails.Rejected rejected) {
                        if (rejected.status() == HttpStatus.NOT_FOUND) {
                            throw new NotFound("document " + call.uuid("documentId"));
                        }
                        throw new ActionException("the document cannot be sent: " + rejected.reason());
                    }
                    return json.valueToTree(EmailViews.Summary.of(((DocumentMails.Queued) result).email()));
                });
    }

    @Bean
    Action sendEmail(Mailer mailer, JsonMapper json) {
        return new Mail(new BlockSpec("send-email", BlockSpec.Role.ACTION, "Send an email",
                "Emails a message written with placeholders to one or more addresses.",
                List.of(required("to", PropertyType.TEMPLATE, "To", "Comma-separated addresses.", "${event.email}"),
                        SUBJECT, BODY, LANGUAGE,
                        optional("fromName", PropertyType.TEMPLATE, "Sender's name", "The From name the recipient "
                                + "sees, one line; else the tenant's (through the hub's address it still ends "
                                + "\"via Passerelle\").", null, "Camille at Atelier Dupont"),
                        optional("replyTo", PropertyType.EMAIL, "Reply-To", "Where answers go; else the tenant's "
                                + "Reply-To.", null, "camille@atelier.example")),
                "The queued email as the API lists it (id, status, to, subject, ...).")
                // Over HTTP it would let any API key mail any address through the hub's relay; in a route, the
                // addresses come from a route ops staff wrote and the tenant's installation.
                .routeOnly("it mails any address through the hub's relay, so only routes may use it; send a "
                        + "document with send-document"),
                call -> json.valueToTree(EmailViews.Summary.of(mailer.queueNotification(call.tenantId(),
                        call.idempotencyKey(), recipients(call.requiredText("to")), call.requiredText("subject"),
                        call.requiredText("body"), call.text("language"), sender(call)).email())));
    }

    @Bean
    Action notifyTeam(Mailer mailer, CompanyProfiles profiles, JsonMapper json) {
        return new Mail(new BlockSpec("notify-team", BlockSpec.Role.ACTION, "Notify the team",
                "Emails the team: the given addresses, or the company's own address from its profile.",
                List.of(optional("to", PropertyType.TEMPLATE, "Team addresses", "Comma-separated; empty for the "
                                + "company profile's e-mail.", null, "${install.teamEmail}"),
                        SUBJECT, BODY, LANGUAGE),
                "The queued email as the API lists it (id, status, to, subject, ...).")
                // Its `to` may name any address: the same reason as send-email.
                .routeOnly("its `to` mails any address through the hub's relay, so only routes may use it"),
                call -> {
                    String to = call.text("to");
                    if (to == null) {
                        to = profiles.get(call.tenantId()).email();
                    }
                    if (to == null || to.isBlank()) {
                        throw new ActionException("to: empty, and the company profile has no e-mail address "
                                + "(PUT /api/v1/settings/company)");
                    }
                    return json.valueToTree(EmailViews.Summary.of(mailer.queueNotification(call.tenantId(),
                            call.idempotencyKey(), recipients(to), call.requiredText("subject"),
                            call.requiredText("body"), call.text("language")).email()));
                });
    }

    @Bean
    Action recordEmailEvents(ProviderEvents providerEvents, JsonMapper json) {
        return new Mail(new BlockSpec("record-email-events", BlockSpec.Role.ACTION, "Record a mail provider's email events",
                "Reads the delivery events a mail provider posts (one mapping per provider's format) and records them on "
                        + "the tenant's emails as the bounce mailbox does: delivered, bounced (a permanent bounce puts the "
                        + "address on the suppression list), complained (suppressed too); soft bounces and delays are "
                        + "noted. Events are matched by the Message-ID the provider saw; one naming none of the tenant's "
                        + "emails changes nothing.",
                List.of(required("provider", PropertyType.TEXT, "Provider", "The format the events are in.",
                                "${install.provider}").withChoices(ProviderEvents.PROVIDERS.toArray(String[]::new)),
                        optional("events", PropertyType.TEMPLATE, "Events", "The posted body: one event or a list.",
                                "${event}", "${event}")),
                "{\"provider\", \"events\": <how many>, \"outcomes\": [{\"event\", \"recipient\", \"emailId\", "
                        + "\"result\": recorded|already recorded|unmatched|ignored}], \"notice\": <an Amazon SNS "
                        + "subscription to confirm>}")
                // The events stand for the provider's own posts to the tenant's hook, like shop orders.
                .routeOnly("provider events arrive on one of the tenant's inbound hooks; install hook-email-events"),
                call -> {
                    try {
                        return json.valueToTree(providerEvents.record(call.tenantId(), call.requiredText("provider"),
                                call.node("events")));
                    } catch (IllegalArgumentException e) {
                        throw new ActionException(e.getMessage());
                    }
                });
    }

    /** The sender's name and Reply-To the step chose, checked once its placeholders are filled in. */
    private static Email.Sender sender(ActionCall call) {
        try {
            return Email.Sender.of(call.text("fromName"), call.text("replyTo"));
        } catch (InvalidInput e) {
            throw new ActionException(e.getMessage());
        }
    }

        private static List<String> addresses(String commaSeparated) {
        return commaSeparated == null ? null : Arrays.stream(commaSeparated.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static List<Recipient> recipients(String commaSeparated) {
        List<String> list = addresses(commaSeparated);
        if (list.isEmpty()) {
            throw new ActionException("to: no address");
        }
        return list.stream().map(Recipient::of).toList();
    }
}
