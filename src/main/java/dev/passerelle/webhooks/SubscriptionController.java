package dev.passerelle.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.NotFound;
import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** REST-hook subscriptions (what Zapier's "subscribe" and "unsubscribe" call) and their delivery log. */
@RestController
@RequestMapping("/api/v1/subscriptions")
@Tag(name = "Webhook subscriptions")
class SubscriptionController {

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final ScheduleClock clock;

    SubscriptionController(Subscriptions subscriptions, Deliveries deliveries, ScheduleClock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    record SubscribeRequest(String targetUrl, String event) {
    }

    /** A subscription as the API shows it; {@code secret} only in the answer that created it. */
    record SubscriptionView(UUID id, String event, String targetUrl, Subscription.Status status, String secret,
                            UUID apiKeyId, Instant failingSince, Instant disabledAt, Instant createdAt) {

        static SubscriptionView of(Subscription s, String secret) {
            return new SubscriptionView(s.id(), s.event(), s.targetUrl(), s.status(), secret, s.apiKeyId(),
                    s.failingSince(), s.disabledAt(), s.createdAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe a URL to an event type",
            description = "Every event of that type is POSTed to `targetUrl` (https, resolving to public addresses) "
                    + "with Standard Webhooks headers, signed with the `secret` of the answer — shown this once. "
                    + "422 for an unknown event (the answer lists them), a refused URL, or past the cap per event type.")
    SubscriptionView subscribe(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody(required = false) SubscribeRequest request) {
        if (request == null) {
            throw Subscriptions.invalid("a JSON body {\"targetUrl\": \"https://…\", \"event\": \"document.paid\"} is required");
        }
        Subscriptions.Created created = subscriptions.create(tenant.tenantId(), tenant.apiKeyId(), request.event(),
                request.targetUrl());
        return SubscriptionView.of(created.subscription(), created.secret());
    }

    @GetMapping
    @Operation(summary = "List subscriptions, newest first", description = "Filter by `event`; pass `nextCursor` back as `cursor`.")
    Pages<SubscriptionView> list(@AuthenticationPrincipal TenantPrincipal tenant,
                                 @RequestParam(required = false) String event,
                                 @RequestParam(required = false) UUID cursor,
                                 @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        List<SubscriptionView> page = subscriptions.list(tenant.tenantId(), event, cursor, size).stream()
                .map(s -> SubscriptionView.of(s, null)).toList();
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/{id}")
    SubscriptionView get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return SubscriptionView.of(subscriptions.get(tenant.tenantId(), id), null);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unsubscribe", description = "Deletes the subscription with its deliveries, pending ones included.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        subscriptions.delete(tenant.tenantId(), id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The subscription's deliveries, newest first, each with its attempts",
            description = "Each attempt: when, the HTTP status (none when no answer came), latency in ms and the error. "
                    + "Filter by `status` (PENDING, RUNNING, DELIVERED, DEAD); pass `nextCursor` back as `cursor`.")
    Pages<Deliveries.View> deliveries(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                                      @RequestParam(required = false) Deliveries.Status status,
                                      @RequestParam(required = false) UUID cursor,
                                      @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        subscriptions.get(tenant.tenantId(), id);
        List<Deliveries.View> page = deliveries.list(tenant.tenantId(), id, status, cursor, size);
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/retry")
    @Transactional
    @Operation(summary = "Send a failed or dead delivery again, now",
            description = "A failed delivery waiting for its retry is sent now and keeps its schedule; a dead one gets "
                    + "one more attempt. 409 when it was delivered, is being sent, or the subscription is disabled.")
    ResponseEntity<Deliveries.View> retry(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                                          @PathVariable UUID deliveryId) {
        Subscription subscription = subscriptions.get(tenant.tenantId(), id);
        Deliveries.View delivery = deliveries.find(tenant.tenantId(), id, deliveryId)
                .orElseThrow(() -> new NotFound("delivery " + deliveryId + " of subscription " + id));
        if (subscription.status() != Subscription.Status.ACTIVE) {
            throw Problems.conflict("the subscription is disabled; subscribe again to receive its events");
        }
        if (delivery.status() == Deliveries.Status.DELIVERED || delivery.status() == Deliveries.Status.RUNNING) {
            throw Problems.conflict("the delivery is " + (delivery.status() == Deliveries.Status.DELIVERED
                    ? "delivered already" : "being sent now"));
        }
        if (!deliveries.requeue(tenant.tenantId(), id, deliveryId, clock.now())) {
            throw Problems.conflict("the delivery changed meanwhile (it is being sent now); look again");
        }
        return ResponseEntity.accepted().body(deliveries.find(tenant.tenantId(), id, deliveryId).orElseThrow());
    }
}
