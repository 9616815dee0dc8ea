package dev.passerelle.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Pages;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's events pages: the tenant's inbound events with filters, one event with its
 * attempts and payload, replay one, replay every dead one. The same {@link Inbox} calls as
 * {@code /api/v1/events}; the tenant is always the signed-in user's, so another tenant's event is
 * not found.
 */
@Controller
@ConsolePage
@Hidden
class EventPages {

    /** The filter's choices: the stored statuses, and "failing" (pending after a failed attempt). */
    static final List<String> STATUSES = List.of("FAILING", "DEAD", "PENDING", "PROCESSING", "PROCESSED");

    private final Inbox inbox;
    private final List<String> sources;
    private final JsonMapper json;

    EventPages(Inbox inbox, List<InboxHandler> handlers, JsonMapper json) {
        this.inbox = inbox;
        this.sources = handlers.stream().map(InboxHandler::source).distinct().sorted().toList();
        this.json = json;
    }

    /**
     * An event as a row: its type is the sender's own name for it where a kept header gives one
     * (WooCommerce's topic; hooks keep none).
     */
    record Row(InboxEvent event, String type, boolean failing) {

        static Row of(InboxEvent e) {
            return new Row(e, e.header(InboxStore.TOPIC_HEADER), e.status() == InboxEvent.Status.PENDING && e.attempts() > 0);
        }

        /** The key of the status shown: a pending event that already failed says so (public: templates call it). */
        public String statusKey() {
            return "event.status." + (failing ? "FAILING" : event.status().name());
        }
    }

    @GetMapping("/console/events")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String status,
                @RequestParam(defaultValue = "") String source, @RequestParam(defaultValue = "") String type,
                @RequestParam(defaultValue = "") String from,
                @RequestParam(defaultValue = "") String to, @RequestParam(required = false) UUID before,
                Model model, HttpServletResponse response) {
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("sources", sources);
        model.addAttribute("status", status);
        model.addAttribute("source", source);
        model.addAttribute("type", type);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("dead", inbox.trouble(me.tenantId()).dead());
        InboxStore.Filter filter;
        try {
            filter = filter(me.tenantId(), status, source, type, from, to, before);
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("error", refused.getMessage());
            model.addAttribute("events", List.of());
            return "inbox/events";
        }
        List<Row> events = inbox.list(filter).stream().map(Row::of).toList();
        model.addAttribute("events", events);
        model.addAttribute("older", events.size() == filter.limit() ? events.get(events.size() - 1).event().id() : null);
        return "inbox/events";
    }

    private InboxStore.Filter filter(UUID tenantId, String status, String source, String type, String from,
                                     String to, UUID before) {
        String chosen = status.strip().toUpperCase(Locale.ROOT);
        if (!chosen.isEmpty() && !STATUSES.contains(chosen)) {
            throw new InvalidInput("status: one of " + String.join(", ", STATUSES));
        }
        if (!source.isBlank() && !sources.contains(source.strip())) {
            throw new InvalidInput("source: one of " + String.join(", ", sources));
        }
        String topic = type.strip();
        if (topic.length() > 200 || topic.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("type: one line of at most 200 characters");
        }
        Instant since = day("from", from);
        Instant until = day("to", to);
        if (until != null) {
            until = until.plusSeconds(24 * 3600); // "to" is the last day shown, whole
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidInput("from: must not be after to");
        }
        boolean failing = chosen.equals("FAILING");
        InboxEvent.Status stored = chosen.isEmpty() || failing ? null : InboxEvent.Status.valueOf(chosen);
        return new InboxStore.Filter(tenantId, stored, source.isBlank() ? null : source.strip(), since, until, before,
                Pages.clampLimit(50), failing, topic.isEmpty() ? null : topic);
    }

    private static Instant day(String field, String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + ": a date, e.g. 2026-01-31");
        }
    }

    @GetMapping("/console/events/{id}")
    String detail(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, Model model) {
        InboxEvent event = event(me, id);
        model.addAttribute("row", Row.of(event));
        model.addAttribute("attempts", inbox.attempts(me.tenantId(), id));
        model.addAttribute("payload", pretty(event));
        return "inbox/event";
    }

    /** The part of the detail page that changes while the event is worked (htmx polls it until it settles). */
    @GetMapping("/console/events/{id}/state")
    String state(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, Model model) {
        InboxEvent event = event(me, id);
        model.addAttribute("row", Row.of(event));
        model.addAttribute("attempts", inbox.attempts(me.tenantId(), id));
        return "inbox/event :: state";
    }

    @PostMapping("/console/events/{id}/replay")
    String replay(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        inbox.replay(me.tenantId(), id);
        return "redirect:/console/events/" + id + "?replayed";
    }

    /** Asks first, saying how many: replaying every dead event may send many documents and emails. */
    @GetMapping("/console/events/replay-dead")
    String confirmReplayDead(@AuthenticationPrincipal SignedIn me, Model model) {
        model.addAttribute("dead", inbox.trouble(me.tenantId()).dead());
        return "inbox/replay-dead";
    }

    @PostMapping("/console/events/replay-dead")
    String replayDead(@AuthenticationPrincipal SignedIn me) {
        return "redirect:/console/events?replayed=" + inbox.replayDead(me.tenantId());
    }

    private InboxEvent event(SignedIn me, UUID id) {
        return inbox.find(me.tenantId(), id).orElseThrow(() -> new NotFound("event " + id));
    }

    /** JSON indented for reading; anything else as received. Thymeleaf escapes it either way. */
    private String pretty(InboxEvent event) {
        String text = event.bodyText();
        try {
            // Decimals as written (an order's 24.20 stays 24.20, not 24.2), as ExactJson reads them for routes.
            JsonNode tree = json.readerFor(JsonNode.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).readValue(text);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (RuntimeException notJson) {
            return text;
        }
    }
}
