package dev.passerelle.inbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A tenant's inbound events: what arrived, what happened to it, and replay. */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Inbox events")
class InboxController {

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    record EventSummary(UUID id, String source, UUID connectionId, InboxEvent.Status status, int attempts,
                        Instant receivedAt, Instant nextAttemptAt, Instant processedAt, String lastError,
                        String idempotencyKey, int size) {

        static EventSummary of(InboxEvent e) {
            return new EventSummary(e.id(), e.source(), e.connectionId(), e.status(), e.attempts(), e.receivedAt(),
                    e.status() == InboxEvent.Status.PENDING ? e.nextAttemptAt() : null, e.processedAt(),
                    e.lastError(), e.idempotencyKey(), e.body().length);
        }
    }

    record EventDetail(EventSummary event, String contentType, Map<String, String> headers, String body,
                       List<InboxStore.Attempt> attempts) {
    }

    record Replayed(int replayed) {
    }

    @GetMapping
    @Operation(summary = "List events, newest first",
            description = "Filter by status, source and a received-at range [since, until). Pass `nextCursor` back as `cursor`.")
    Pages<EventSummary> list(@AuthenticationPrincipal TenantPrincipal tenant,
                             @RequestParam(required = false) InboxEvent.Status status,
                             @RequestParam(required = false) String source,
                             @RequestParam(required = false) Instant since,
                             @RequestParam(required = false) Instant until,
                             @RequestParam(required = false) UUID cursor,
                             @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        if (since != null && until != null && !since.isBefore(until)) {
            throw Problems.badRequest("'since' must be before 'until'");
        }
        List<InboxEvent> events = inbox.list(new InboxStore.Filter(tenant.tenantId(), status, source, since, until,
                cursor, size));
        String next = events.size() == size ? events.get(events.size() - 1).id().toString() : null;
        return new Pages<>(events.stream().map(EventSummary::of).toList(), next);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One event with its body, kept headers and every processing attempt")
    EventDetail get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        InboxEvent e = inbox.find(tenant.tenantId(), id).orElseThrow(() -> Problems.notFound("event " + id));
        return new EventDetail(EventSummary.of(e), e.contentType(), e.headers(), e.bodyText(),
                inbox.attempts(tenant.tenantId(), id));
    }

    @PostMapping("/{id}/replay")
    @Operation(summary = "Process a processed or dead event again", description = "Handlers are idempotent: "
            + "replaying never duplicates what the event already caused.")
    EventSummary replay(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return EventSummary.of(inbox.replay(tenant.tenantId(), id));
    }

    @PostMapping("/replay-dead")
    @Operation(summary = "Queue every dead event of this tenant for another round of attempts")
    Replayed replayDead(@AuthenticationPrincipal TenantPrincipal tenant) {
        return new Replayed(inbox.replayDead(tenant.tenantId()));
    }
}
