package dev.passerelle.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.web.Receiver;
import dev.passerelle.inbox.Accepted;
import dev.passerelle.inbox.InboundEvent;
import dev.passerelle.inbox.Inbox;
import dev.passerelle.support.HmacSha256;
import dev.passerelle.support.StandardWebhooks;
import dev.passerelle.support.Problems;
import dev.passerelle.support.RecentlyResolved;
import dev.passerelle.web.InboundHeaders;
import dev.passerelle.web.JsonBodies;
import dev.passerelle.web.RawBody;
import dev.passerelle.web.ReceiverAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The public edge for inbound hooks. Checks run cheapest first and nothing is stored unless
 * all pass; only allow-listed headers are kept, and none reach Camel.
 */
@RestController
@Receiver
@Tag(name = "Inbound hooks (public)")
class HookReceiver {

    static final String SIGNATURE_HEADER = "X-Passerelle-Signature";
    private static final String[] KEPT_HEADERS = {"Content-Type", "User-Agent", "Idempotency-Key"};
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final Hooks hooks;
    private final Inbox inbox;
    private final JsonBodies jsonBodies;
    private final MeterRegistry meters;
    private final long maxBodyBytes;
    private final Clock clock;

    HookReceiver(Hooks hooks, Inbox inbox, JsonBodies jsonBodies, MeterRegistry meters,
                 @Value("${passerelle.hooks.max-body-size}") DataSize maxBodySize, Clock clock) {
        this.clock = clock;
        this.hooks = hooks;
        this.inbox = inbox;
        this.jsonBodies = jsonBodies;
        this.meters = meters;
        this.maxBodyBytes = maxBodySize.toBytes();
    }

    record Receipt(UUID eventId, String status, boolean duplicate) {
    }

    @PostMapping("/hooks/{token}")
    @Operation(summary = "Deliver an event to an inbound hook",
            description = "200 once the event is stored. 404 unknown URL, 413 body over the limit, "
                    + "401 bad or missing signature (signed hooks), 400 not JSON, 503 try again later.")
    ResponseEntity<Receipt> receive(@PathVariable String token, HttpServletRequest request) throws IOException {
        return ReceiverAnswer.ok(store(token, request));
    }

    private Receipt store(String token, HttpServletRequest request) throws IOException {
        RawBody.checkDeclaredLength(request, maxBodyBytes);
        RecentlyResolved.Found<Hooks.Resolved> found = hooks.byToken().get(token)
                .orElseThrow(() -> reject("unknown", Problems.notFound("hook")));
        Hooks.Target target = active(found);
        byte[] body = readBody(request);
        String deliveryId = null;
        if (target.signed()) {
            deliveryId = verifySignature(token, found, request, body);
        }
        try {
            jsonBodies.requireJson(body);
        } catch (RuntimeException e) {
            throw reject("not_json", e);
        }
        Map<String, String> headers = InboundHeaders.kept(request, 500, KEPT_HEADERS);
        String idempotencyKey = headers.get("idempotency-key");
        if (idempotencyKey != null && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
            throw reject("bad_idempotency_key",
                    Problems.badRequest("Idempotency-Key must be at most " + MAX_IDEMPOTENCY_KEY + " characters"));
        }
        if (idempotencyKey == null && deliveryId != null) {
            // A Standard Webhooks sender retries with the same webhook-id: one event, however often it comes.
            idempotencyKey = "webhook-id:" + deliveryId;
        }
        Accepted accepted = inbox.accept(new InboundEvent(target.tenantId(), HookEventHandler.SOURCE, target.hookId(),
                idempotencyKey, request.getContentType(), headers, body));
        return new Receipt(accepted.eventId(), "accepted", accepted.duplicate());
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try {
            return RawBody.read(request, maxBodyBytes);
        } catch (RuntimeException e) {
            throw reject("too_large", e);
        }
    }

    /**
     * A signed hook takes either signature. Standard Webhooks headers ({@code webhook-id},
     * {@code webhook-timestamp}, {@code webhook-signature}) bind the body to a moment and an id, so
     * a captured delivery cannot be replayed later; the plain body HMAC is for senders that cannot
     * do more. Returns the Standard Webhooks id, which deduplicates, or null.
     */
    private String verifySignature(String token, RecentlyResolved.Found<Hooks.Resolved> found,
                                   HttpServletRequest request, byte[] body) {
        String standard = request.getHeader(StandardWebhooks.SIGNATURE);
        if (standard != null) {
            String id = request.getHeader(StandardWebhooks.ID);
            StandardWebhooks.Verdict verdict = verdict(found.value(), id, request, standard, body);
            if (!verdict.valid() && found.remembered()) {
                verdict = verdict(again(token), id, request, standard, body);
            }
            if (!verdict.valid()) {
                throw reject("signature_invalid", Problems.of(HttpStatus.UNAUTHORIZED, verdict.problem()));
            }
            if (id.length() > MAX_IDEMPOTENCY_KEY) {
                throw reject("bad_idempotency_key",
                        Problems.badRequest(StandardWebhooks.ID + " must be at most " + MAX_IDEMPOTENCY_KEY + " characters"));
            }
            return id;
        }
        String header = request.getHeader(SIGNATURE_HEADER);
        if (header == null || !header.startsWith("sha256=")) {
            throw reject("signature_missing", Problems.of(HttpStatus.UNAUTHORIZED, "this hook is signed: send the "
                    + "Standard Webhooks headers (" + StandardWebhooks.ID + ", " + StandardWebhooks.TIMESTAMP + ", "
                    + StandardWebhooks.SIGNATURE + ") or " + SIGNATURE_HEADER + ": sha256=<hex HMAC-SHA256 of the body>"));
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(7).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            presented = null;
        }
        boolean matches = HmacSha256.matches(found.value().secret(), body, presented);
        if (!matches && found.remembered()) {
            matches = HmacSha256.matches(again(token).secret(), body, presented);
        }
        if (!matches) {
            throw reject("signature_invalid", Problems.of(HttpStatus.UNAUTHORIZED, "the signature does not match the body"));
        }
        return null;
    }

    private StandardWebhooks.Verdict verdict(Hooks.Resolved hook, String id, HttpServletRequest request,
                                             String signature, byte[] body) {
        return StandardWebhooks.verify(hook.secret().getBytes(StandardCharsets.UTF_8), id,
                request.getHeader(StandardWebhooks.TIMESTAMP), signature, body, clock.instant());
    }

    /**
     * The hook read now, after a remembered secret did not match (it may have been rotated, the
     * hook deleted or its tenant suspended on another instance since): a sender is refused only on
     * what the database says now.
     */
    private Hooks.Resolved again(String token) {
        RecentlyResolved.Found<Hooks.Resolved> fresh = hooks.byToken().fresh(token)
                .orElseThrow(() -> reject("unknown", Problems.notFound("hook")));
        active(fresh);
        if (!fresh.value().target().signed()) {
            // Cannot happen today (a hook is signed or not for life); refused rather than taken unsigned.
            throw reject("signature_invalid", Problems.of(HttpStatus.UNAUTHORIZED, "the signature does not match the body"));
        }
        return fresh.value();
    }

    private Hooks.Target active(RecentlyResolved.Found<Hooks.Resolved> found) {
        if (!found.value().target().tenantActive()) {
            throw reject("suspended", Problems.of(HttpStatus.FORBIDDEN, "this hook's tenant is suspended"));
        }
        return found.value().target();
    }

    private RuntimeException reject(String reason, RuntimeException problem) {
        meters.counter("passerelle.hooks.rejected", "reason", reason).increment();
        return problem;
    }
}
