package dev.passerelle.mail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery events from the mail provider a tenant relays through (posted to one of its inbound
 * hooks), read with one mapping per provider's format and recorded like delivery status
 * notifications: delivered, bounced (a permanent bounce suppresses the address), complained
 * (suppressed too). Soft bounces and delays are noted; the provider retries them. An event is
 * matched to one of <em>this tenant's</em> emails by the Message-ID the provider saw (ours,
 * fixed when queued) or our email id where the provider returns custom data; an event naming
 * no email of the tenant is counted as unmatched and changes nothing.
 */
@Service
public class ProviderEvents {

    /** The providers whose formats are mapped. */
    public static final List<String> PROVIDERS = List.of("sendgrid", "mailgun", "ses");

    enum Kind { DELIVERED, BOUNCED, SOFT_BOUNCE, COMPLAINED, DEFERRED, IGNORED }

    /** One provider event, in our terms. */
    record Event(Kind kind, String providerType, String recipient, String messageId, String emailId, Instant at,
                 String server, String status, String detail) {
    }

    /** What was recorded, per event, for the run's output. */
    public record Outcome(String event, String recipient, UUID emailId, String result) {
    }

    /** @param notice something the tenant must act on (an Amazon SNS subscription to confirm) */
    public record Result(String provider, int events, List<Outcome> outcomes, String notice) {
    }

    private final MailStore store;
    private final DeliveryTracking tracking;
    private final JsonMapper json;

    ProviderEvents(MailStore store, DeliveryTracking tracking, JsonMapper json) {
        this.store = store;
        this.tracking = tracking;
        this.json = json;
    }

    @Transactional
    public Result record(UUID tenantId, String provider, JsonNode body) {
        String p = provider == null ? "" : provider.strip().toLowerCase(Locale.ROOT);
        List<Event> events = new ArrayList<>();
        String notice = null;
        switch (p) {
            case "sendgrid" -> each(body, e -> events.add(sendgrid(e)));
            case "mailgun" -> each(body, e -> events.add(mailgun(e)));
            case "ses" -> {
                JsonNode message = body;
                if ("SubscriptionConfirmation".equals(text(body, "Type"))) {
                    notice = "Amazon SNS asks to confirm this subscription: open " + text(body, "SubscribeURL");
                    break;
                }
                if ("Notification".equals(text(body, "Type")) && body.get("Message") != null) {
                    message = json.readTree(body.get("Message").asString());
                }
                events.addAll(ses(message));
            }
            default -> throw new IllegalArgumentException("provider: one of " + String.join(", ", PROVIDERS));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Event e : events) {
            outcomes.add(apply(tenantId, p, e));
        }
        return new Result(p, events.size(), outcomes, notice);
    }

    private Outcome apply(UUID tenantId, String provider, Event e) {
        if (e.kind() == Kind.IGNORED) {
            return new Outcome(e.providerType(), e.recipient(), null, "ignored");
        }
        Optional<Email> found = find(tenantId, e);
        if (found.isEmpty()) {
            return new Outcome(e.providerType(), e.recipient(), null, "unmatched");
        }
        Email email = found.get();
        String detail = describe(e);
        boolean changed = switch (e.kind()) {
            case DELIVERED -> tracking.delivered(email, e.at(), e.server(), provider, detail);
            case BOUNCED -> tracking.bounced(email, List.of(new DeliveryTracking.Failure(e.recipient(), e.status(),
                    e.detail(), true)), detail, provider);
            case COMPLAINED -> e.recipient() != null && tracking.complained(email, e.recipient(), provider);
            case SOFT_BOUNCE, DEFERRED -> {
                tracking.note(email, provider + " " + e.providerType() + ": " + detail + " (the provider retries)");
                yield true;
            }
            case IGNORED -> false;
        };
        return new Outcome(e.providerType(), e.recipient(), email.id(), changed ? "recorded" : "already recorded");
    }

    private Optional<Email> find(UUID tenantId, Event e) {
        if (e.emailId() != null) {
            try {
                Optional<Email> byId = store.find(tenantId, UUID.fromString(e.emailId().strip()));
                if (byId.isPresent()) {
                    return byId;
                }
            } catch (IllegalArgumentException notOurs) {
                // not an id we wrote
            }
        }
        if (e.messageId() != null && !e.messageId().isBlank()) {
            String id = e.messageId().strip();
            return store.findByMessageId(tenantId, id.startsWith("<") ? id : "<" + id + ">");
        }
        return Optional.empty();
    }

    private static String describe(Event e) {
        List<String> parts = new ArrayList<>();
        if (e.recipient() != null) {
            parts.add(e.recipient());
        }
        parts.add(e.providerType());
        if (e.status() != null) {
            parts.add(e.status());
        }
        if (e.detail() != null && !e.detail().isBlank()) {
            parts.add("(" + e.detail() + ")");
        }
        return String.join(" ", parts);
    }

    // --- SendGrid Event Webhook: a JSON list of events -------------------------------------------

    private static Event sendgrid(JsonNode e) {
        String type = lower(text(e, "event"));
        String bounceType = lower(text(e, "type"));
        Kind kind = switch (type == null ? "" : type) {
            case "delivered" -> Kind.DELIVERED;
            // "bounce" is permanent; "blocked" is SendGrid's temporary refusal.
            case "bounce" -> "blocked".equals(bounceType) ? Kind.SOFT_BOUNCE : Kind.BOUNCED;
            case "blocked" -> Kind.SOFT_BOUNCE;
            case "deferred" -> Kind.DEFERRED;
            case "spamreport" -> Kind.COMPLAINED;
            default -> Kind.IGNORED;
        };
        String detail = first(text(e, "reason"), text(e, "response"));
        return new Event(kind, type, text(e, "email"), text(e, "smtp-id"), customId(e), seconds(e.get("timestamp")),
                text(e, "ip"), text(e, "status"), detail);
    }

    // --- Mailgun webhooks: {"signature": ..., "event-data": {...}} --------------------------------

    private static Event mailgun(JsonNode body) {
        JsonNode e = body.has("event-data") ? body.get("event-data") : body;
        String type = lower(text(e, "event"));
        String severity = lower(text(e, "severity"));
        Kind kind = switch (type == null ? "" : type) {
            case "delivered" -> Kind.DELIVERED;
            case "failed" -> "permanent".equals(severity) ? Kind.BOUNCED : Kind.SOFT_BOUNCE;
            case "complained" -> Kind.COMPLAINED;
            default -> Kind.IGNORED;
        };
        JsonNode status = e.get("delivery-status");
        JsonNode headers = e.path("message").path("headers");
        String code = status == null ? null : text(status, "code");
        String detail = status == null ? null : first(text(status, "description"), text(status, "message"));
        return new Event(kind, type, text(e, "recipient"), text(headers, "message-id"), customId(e.get("user-variables")),
                seconds(e.get("timestamp")), status == null ? null : text(status, "mx-host"), code, detail);
    }

    // --- Amazon SES notifications (through SNS, or as published events) ---------------------------

    private static List<Event> ses(JsonNode m) {
        String type = first(text(m, "notificationType"), text(m, "eventType"));
        JsonNode mail = m.path("mail");
        String messageId = text(mail.path("commonHeaders"), "messageId");
        String emailId = null;
        for (JsonNode h : mail.path("headers")) {
            if (MessageBuilder.EMAIL_ID_HEADER.equalsIgnoreCase(text(h, "name"))) {
                emailId = text(h, "value");
            }
        }
        List<Event> out = new ArrayList<>();
        switch (type == null ? "" : type) {
            case "Delivery" -> {
                JsonNode d = m.path("delivery");
                Instant at = instant(text(d, "timestamp"));
                for (JsonNode r : d.path("recipients")) {
                    out.add(new Event(Kind.DELIVERED, "Delivery", r.asString(), messageId, emailId, at,
                            text(d, "reportingMTA"), null, text(d, "smtpResponse")));
                }
            }
            case "Bounce" -> {
                JsonNode b = m.path("bounce");
                boolean permanent = "Permanent".equals(text(b, "bounceType"));
                for (JsonNode r : b.path("bouncedRecipients")) {
                    out.add(new Event(permanent ? Kind.BOUNCED : Kind.SOFT_BOUNCE, "Bounce/" + text(b, "bounceType"),
                            text(r, "emailAddress"), messageId, emailId, instant(text(b, "timestamp")),
                            text(b, "reportingMTA"), text(r, "status"), text(r, "diagnosticCode")));
                }
            }
            case "Complaint" -> {
                JsonNode c = m.path("complaint");
                for (JsonNode r : c.path("complainedRecipients")) {
                    out.add(new Event(Kind.COMPLAINED, "Complaint", text(r, "emailAddress"), messageId, emailId,
                            instant(text(c, "timestamp")), null, null, text(c, "complaintFeedbackType")));
                }
            }
            case "DeliveryDelay" -> out.add(new Event(Kind.DEFERRED, "DeliveryDelay", null, messageId, emailId, null, null,
                    null, text(m.path("deliveryDelay"), "delayType")));
            default -> out.add(new Event(Kind.IGNORED, type, null, messageId, emailId, null, null, null, null));
        }
        return out;
    }

    /** Our email id, when the tenant had the provider pass it back as custom data. */
    private static String customId(JsonNode e) {
        if (e == null || !e.isObject()) {
            return null;
        }
        return first(text(e, "passerelle_email_id"), text(e, "passerelle-email-id"));
    }

    private static void each(JsonNode body, java.util.function.Consumer<JsonNode> action) {
        if (body == null || body.isNull()) {
            return;
        }
        if (body.isArray()) {
            body.forEach(action);
        } else {
            action.accept(body);
        }
    }

    private static Instant seconds(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(n.asDouble() * 1000));
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.isContainer() ? null : v.asString();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
