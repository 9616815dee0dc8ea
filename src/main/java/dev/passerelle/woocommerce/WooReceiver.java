package dev.passerelle.woocommerce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

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
import dev.passerelle.support.Problems;
import dev.passerelle.support.RecentlyResolved;
import dev.passerelle.web.InboundHeaders;
import dev.passerelle.web.JsonBodies;
import dev.passerelle.web.RawBody;
import dev.passerelle.web.ReceiverAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/**
 * Where a shop's webhooks deliver. WooCommerce never retries and disables a webhook after a few
 * failures, so this answers 200 as soon as the raw bytes are committed, and answers the
 * unsigned ping with exactly 200 (changing nothing). Checks run cheapest first; nothing is stored
 * unless all pass.
 */
@RestController
@Receiver
@Tag(name = "WooCommerce webhooks (public)")
class WooReceiver {

    static final String SOURCE = "woocommerce";
    static final String SIGNATURE = "X-WC-Webhook-Signature";
    static final String TOPIC = "X-WC-Webhook-Topic";
    private static final String[] KEPT_HEADERS = {"Content-Type", "User-Agent", "X-WC-Webhook-Source", TOPIC,
            "X-WC-Webhook-Resource", "X-WC-Webhook-Event", "X-WC-Webhook-ID", "X-WC-Webhook-Delivery-ID"};
    private static final Pattern PING = Pattern.compile("webhook_id=\\d{1,20}");
    private static final String ID = "id";
    private static final String MODIFIED = "date_modified_gmt";
    /** All the receiver reads of an order; the worker reads the rest. */
    private static final Set<String> KEY_FIELDS = Set.of(ID, MODIFIED);

    private final WooConnections connections;
    private final Inbox inbox;
    private final JsonBodies jsonBodies;
    private final MeterRegistry meters;
    private final Clock clock;
    private final long maxBodyBytes;

    WooReceiver(WooConnections connections, Inbox inbox, JsonBodies jsonBodies, MeterRegistry meters, Clock clock,
                @Value("${passerelle.woocommerce.max-body-size:2MB}") DataSize maxBodySize) {
        this.connections = connections;
        this.inbox = inbox;
        this.jsonBodies = jsonBodies;
        this.meters = meters;
        this.clock = clock;
        this.maxBodyBytes = maxBodySize.toBytes();
    }

    record Receipt(String status, UUID eventId, Boolean duplicate) {
    }

    @PostMapping("/woocommerce/{token}")
    @Operation(summary = "A shop's webhook delivery (or its ping)",
            description = "200 once stored. The ping (`webhook_id=N`): 200 `pong_unverified` unsigned (WooCommerce's "
                    + "own; nothing recorded), 200 `pong` signed with the secret (noted as lastPingAt). 401 bad or "
                    + "missing X-WC-Webhook-Signature, 404 unknown URL, 413 body over the limit, 503 try again.")
    ResponseEntity<Receipt> receive(@PathVariable String token, HttpServletRequest request) throws IOException {
        return ReceiverAnswer.ok(store(token, request));
    }

    private Receipt store(String token, HttpServletRequest request) throws IOException {
        RawBody.checkDeclaredLength(request, maxBodyBytes);
        RecentlyResolved.Found<WooConnections.Resolved> target = connections.byToken().get(token)
                .orElseThrow(() -> reject("unknown", Problems.notFound("delivery URL")));
        if (!target.value().target().tenantActive()) {
            throw reject("suspended", Problems.of(HttpStatus.FORBIDDEN, "this shop's account is suspended"));
        }
        byte[] body = readBody(request);
        String signature = request.getHeader(SIGNATURE);
        if (isPing(request, body)) {
            return ping(token, target, signature, body);
        }
        WooConnections.Target verified = verify(token, target, signature, body);
        String topic = header(request, TOPIC);
        if (topic != null && (!topic.startsWith("order.") || topic.equals("order.deleted"))) {
            // Signed and ours, but nothing a document is made from: acknowledged so the shop stays happy.
            meters.counter("passerelle.woocommerce.received", "kind", "ignored").increment();
            return new Receipt("ignored", null, null);
        }
        Map<String, JsonNode> key;
        try {
            key = jsonBodies.objectFields(body, KEY_FIELDS);
        } catch (RuntimeException e) {
            throw reject("not_json", e);
        }
        JsonNode id = key.get(ID);
        if (id == null || !id.canConvertToLong()) {
            throw reject("not_an_order", Problems.badRequest("the body is not a WooCommerce order: it has no numeric id"));
        }
        // 300 characters a value: all the WooCommerce headers kept must fit the inbox's 4,000-character column.
        Accepted accepted = inbox.accept(new InboundEvent(verified.tenantId(), SOURCE, verified.connectionId(),
                idempotencyKey(id, key.get(MODIFIED)), request.getContentType(),
                InboundHeaders.kept(request, 300, KEPT_HEADERS), body));
        meters.counter("passerelle.woocommerce.received", "kind", "order").increment();
        return new Receipt("accepted", accepted.eventId(), accepted.duplicate());
    }

    /**
     * WooCommerce pings a webhook's URL, unsigned, when the webhook is saved, and activates it only
     * on exactly 200: that ping is answered 200 and changes nothing, since anyone holding the URL
     * could send it. A ping signed with the webhook's secret (a proxy or a plugin that signs it)
     * proves the shop holds the secret and is noted as {@code lastPingAt}; a wrong signature is 401.
     */
    private Receipt ping(String token, RecentlyResolved.Found<WooConnections.Resolved> target, String signature,
                         byte[] body) {
        if (signature == null) {
            meters.counter("passerelle.woocommerce.received", "kind", "ping_unsigned").increment();
            return new Receipt("pong_unverified", null, null);
        }
        WooConnections.Target verified = verify(token, target, signature, body);
        connections.notePing(verified.connectionId(), clock.instant());
        meters.counter("passerelle.woocommerce.received", "kind", "ping").increment();
        return new Receipt("pong", null, null);
    }

    /**
     * What the delivery means, not who sent it: the same order in the same state (a repeated
     * delivery, order.created and order.updated built at the same second, the recovery poll) is
     * stored once. The delivery id is a hash of webhook and send time, so it is not used.
     */
    static String idempotencyKey(JsonNode order) {
        return idempotencyKey(order.path(ID), order.path(MODIFIED));
    }

    private static String idempotencyKey(JsonNode id, JsonNode modifiedAt) {
        String modified = modifiedAt == null ? "" : modifiedAt.asString("");
        if (modified.isBlank()) {
            return null;
        }
        return "order:" + id.asLong() + "@" + modified;
    }

    private boolean isPing(HttpServletRequest request, byte[] body) {
        if (body.length == 0) {
            return request.getParameter("webhook_id") != null;
        }
        return body.length < 64 && PING.matcher(new String(body, StandardCharsets.US_ASCII).strip()).matches();
    }

    /**
     * The connection the signature proves, read again when a remembered secret does not match (it
     * may have been rotated or the connection suspended elsewhere since): a shop is refused only
     * on what the database says now.
     */
    private WooConnections.Target verify(String token, RecentlyResolved.Found<WooConnections.Resolved> resolved,
                                         String header, byte[] body) {
        if (header == null || header.isBlank()) {
            throw reject("signature_missing", Problems.of(HttpStatus.UNAUTHORIZED,
                    "missing " + SIGNATURE + ": base64 HMAC-SHA256 of the body with the webhook secret"));
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException e) {
            presented = null;
        }
        if (resolved.remembered() && !signedBy(resolved.value(), body, presented)) {
            resolved = connections.byToken().fresh(token)
                    .orElseThrow(() -> reject("unknown", Problems.notFound("delivery URL")));
            if (!resolved.value().target().tenantActive()) {
                throw reject("suspended", Problems.of(HttpStatus.FORBIDDEN, "this shop's account is suspended"));
            }
        }
        if (signedBy(resolved.value(), body, presented)) {
            return resolved.value().target();
        }
        throw reject("signature_invalid", Problems.of(HttpStatus.UNAUTHORIZED,
                "the signature does not match the body; check the webhook's secret"));
    }

    /** By the current secret or, within its grace after a rotation, the previous one. */
    private boolean signedBy(WooConnections.Resolved resolved, byte[] body, byte[] presented) {
        if (HmacSha256.matches(resolved.secret(), body, presented)) {
            return true;
        }
        WooConnections.Target target = resolved.target();
        if (target.previousSecretId() != null && target.previousUntil() != null
                && target.previousUntil().isAfter(clock.instant())
                && HmacSha256.matches(connections.reveal(target.tenantId(), target.previousSecretId()), body, presented)) {
            meters.counter("passerelle.woocommerce.received", "kind", "previous_secret").increment();
            return true;
        }
        return false;
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try {
            return RawBody.read(request, maxBodyBytes);
        } catch (RuntimeException e) {
            throw reject("too_large", e);
        }
    }

    private static String header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private RuntimeException reject(String reason, RuntimeException problem) {
        meters.counter("passerelle.woocommerce.rejected", "reason", reason).increment();
        return problem;
    }
}
