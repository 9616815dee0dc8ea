package dev.passerelle.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.events.EventLog;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event types one can subscribe to, and their items without a subscription: the few most
 * recent (Zapier's performList, its sample data) and polling with a cursor. Items are rendered
 * by the same {@link EventBodies} as live deliveries, so they have exactly their shape.
 */
@RestController
@RequestMapping("/api/v1/triggers")
@Tag(name = "Webhook subscriptions")
class TriggerController {

    static final int RECENT = 3;
    static final int POLL_LIMIT = 100;
    /**
     * Events are numbered when written but seen when their transaction commits, which may be a
     * little later and out of order: the poll cursor stays behind events younger than this, so
     * they come again on the next poll rather than never (clients dedupe by {@code id}).
     */
    static final Duration SETTLE = Duration.ofSeconds(5);
    /** How far back {@code recent} looks for items whose subject still exists. */
    private static final int RECENT_SCAN = 50;

    private final EventLog log;
    private final EventBodies bodies;
    private final java.time.Clock clock;

    TriggerController(EventLog log, EventBodies bodies, java.time.Clock clock) {
        this.log = log;
        this.bodies = bodies;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "The event types one can subscribe to, with a label and what each item's data is")
    List<EventTypes.EventType> list() {
        return EventTypes.all();
    }

    @GetMapping("/{event}/recent")
    @Operation(summary = "Up to 3 most recent items of a type, newest first, exactly as deliveries are made")
    List<ObjectNode> recent(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String event) {
        String type = known(event);
        List<ObjectNode> items = new ArrayList<>();
        Long before = null;
        int scanned = 0;
        while (items.size() < RECENT && scanned < RECENT_SCAN) {
            List<EventLog.Logged> page = log.newest(tenant.tenantId(), type, before, 10);
            for (EventLog.Logged logged : page) {
                bodies.render(logged.event()).ifPresent(items::add);
                if (items.size() == RECENT) {
                    break;
                }
            }
            scanned += page.size();
            if (page.size() < 10) {
                break;
            }
            before = page.get(page.size() - 1).seq();
        }
        return items;
    }

    record PollPage(List<ObjectNode> items, String nextCursor) {
    }

    @GetMapping("/{event}/poll")
    @Operation(summary = "Poll a type's items with a cursor",
            description = "Without `cursor`: the newest items (up to 100). With the previous answer's `nextCursor`: "
                    + "the items since, oldest 100 first if more came, each page newest first. Items of the last few "
                    + "seconds may come twice; dedupe by `id`.")
    PollPage poll(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String event,
                  @RequestParam(required = false) String cursor) {
        String type = known(event);
        Long after = cursor == null || cursor.isBlank() ? null : parse(cursor);
        List<EventLog.Logged> events;
        if (after == null) {
            events = new ArrayList<>(log.newest(tenant.tenantId(), type, null, POLL_LIMIT));
            Collections.reverse(events);
        } else {
            events = log.after(tenant.tenantId(), type, after, POLL_LIMIT);
        }
        // Oldest first here: the cursor moves past a settled prefix only.
        Instant settled = clock.instant().minus(SETTLE);
        long next = after != null ? after : events.isEmpty() ? 0 : events.get(0).seq() - 1;
        for (EventLog.Logged e : events) {
            if (e.event().occurredAt().isAfter(settled)) {
                break;
            }
            next = e.seq();
        }
        List<ObjectNode> items = new ArrayList<>(events.size());
        for (EventLog.Logged e : events) {
            bodies.render(e.event()).ifPresent(items::add);
        }
        Collections.reverse(items);
        return new PollPage(items, Long.toString(next));
    }

    private static String known(String event) {
        return EventTypes.find(event).map(EventTypes.EventType::event).orElseThrow(() -> Problems.notFound(
                "trigger '" + event + "' (known: " + EventTypes.names() + ")"));
    }

    private static long parse(String cursor) {
        try {
            long value = Long.parseLong(cursor.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.badRequest("cursor: pass back the nextCursor of the previous answer as it was, got '" + cursor + "'");
    }
}
