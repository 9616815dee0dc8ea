package dev.passerelle.connectors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an action block on its own, outside any route, for a tenant: what {@code POST
 * /api/v1/actions/<block>} (a zap's action) does. The same {@link Action} a route runs, with the
 * body's fields as its properties given as <em>literal</em> values: each property reads
 * {@code ${body.<field>}} and the body is the scope's body, so a value is taken as it came (a
 * {@code "${tenant.id}"} in a zap's field stays that text) and keeps its JSON type (lines as a
 * list).
 *
 * <p>Exactly once per Idempotency-Key, as {@link Effects} does per route step: a TRANSACTIONAL
 * block runs and is recorded in one transaction (the key's row is claimed first, so a concurrent
 * twin waits for it and answers its result); an EXTERNAL one is claimed, made, then recorded; a
 * read (NONE) just runs. Without a key, nothing is recorded.
 */
@Service
public class DirectActions {

    /** How long an Idempotency-Key is remembered. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** The mail outbox keeps keys of at most 200 characters. */
    private static final int MAX_OUTBOUND_KEY = 200;

    private final Catalog catalog;
    private final DirectRequests requests;
    private final TransactionTemplate tx;
    private final Secrets secrets;
    private final Clock clock;

    DirectActions(Catalog catalog, DirectRequests requests, TransactionTemplate tx, Secrets secrets, Clock clock) {
        this.catalog = catalog;
        this.requests = requests;
        this.tx = tx;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** What the block returned, and whether it is the answer recorded for an earlier request with the key. */
    public record Result(JsonNode body, boolean replayed) {
    }

    /** No action of that name may be called over HTTP: unknown, a trigger, or route-only; the message says which. */
    public static final class NoSuchAction extends RuntimeException {
        NoSuchAction(String message) {
            super(message);
        }
    }

    /** The actions callable over HTTP, by name. */
    public List<BlockSpec> callable() {
        return catalog.specs().stream().filter(BlockSpec::direct).toList();
    }

    /**
     * Runs {@code block} with {@code body}'s fields as its properties.
     *
     * @param idempotencyKey null to run without dedupe
     * @throws NoSuchAction      no such action over HTTP
     * @throws InvalidProperties a field is unknown, route-only, mistyped or missing; or the key was used for another request
     * @throws ActionException   the block refused (permanent) or could not do it now (transient)
     */
    public Result invoke(UUID tenantId, String block, JsonNode body, String idempotencyKey) {
        Block found = catalog.find(block).orElseThrow(() -> new NoSuchAction("no action '" + block
                + "'; actions over HTTP: " + names()));
        if (!(found instanceof Action action)) {
            throw new NoSuchAction("'" + block + "' is a trigger, which starts routes; it does not run on its own. "
                    + "Actions over HTTP: " + names());
        }
        if (!action.spec().direct()) {
            throw new NoSuchAction("'" + block + "' runs only inside routes: " + action.spec().routeOnly()
                    + ". Actions over HTTP: " + names());
        }
        return invoke(tenantId, action, body, idempotencyKey);
    }

    Result invoke(UUID tenantId, Action action, JsonNode body, String key) {
        BlockSpec spec = action.spec();
        ObjectNode values = DirectBody.values(spec, body);
        UUID requestId = Ids.newId();
        Instant now = clock.instant();
        ActionCall call = call(spec, tenantId, values, requestId, now,
                key == null ? "api:" + requestId : outboundKey(key));
        if (key == null || action.effect() == Action.Effect.NONE) {
            return new Result(action.effect() == Action.Effect.TRANSACTIONAL
                    ? tx.execute(status -> run(action, call)) : run(action, call), false);
        }
        String hash = Tokens.sha256Hex(spec.name() + "\n" + canonical(body));
        if (action.effect() == Action.Effect.TRANSACTIONAL) {
            // Claim, work and record commit together: a failure leaves the key free for the retry.
            return tx.execute(status -> {
                Optional<DirectRequests.Recorded> held = requests.claim(tenantId, key, spec.name(), hash, now);
                if (held.isPresent()) {
                    return replay(held.get(), spec, hash);
                }
                JsonNode result = run(action, call);
                requests.complete(tenantId, key, result);
                return new Result(result, false);
            });
        }
        Optional<DirectRequests.Recorded> held = tx.execute(
                status -> requests.claim(tenantId, key, spec.name(), hash, now));
        if (held.isPresent()) {
            return replay(held.get(), spec, hash);
        }
        JsonNode result;
        try {
            result = run(action, call);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(status -> requests.release(tenantId, key));
            throw e;
        }
        tx.executeWithoutResult(status -> requests.complete(tenantId, key, result));
        return new Result(result, false);
    }

    private ActionCall call(BlockSpec spec, UUID tenantId, ObjectNode values, UUID requestId, Instant now,
                            String outboundKey) {
        Map<String, String> options = new LinkedHashMap<>();
        values.propertyNames().forEach(name -> options.put(name, "${body." + name + "}"));
        Templates.Scope scope = new Templates.Scope(RunContext.direct(requestId, tenantId, now, values), values,
                Map.of(), clock);
        return new ActionCall(spec, options, scope, outboundKey, secrets::reveal);
    }

    private static JsonNode run(Action action, ActionCall call) {
        try {
            return action.run(call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ActionException(e.getMessage(), e);
        }
    }

    private static Result replay(DirectRequests.Recorded held, BlockSpec spec, String hash) {
        if (!held.requestHash().equals(hash)) {
            throw new InvalidProperties(List.of(new InvalidProperties.Problem("Idempotency-Key", "already used in the "
                    + "last " + KEPT.toHours() + " h for another request (passerelle:" + held.block()
                    + (held.block().equals(spec.name()) ? " with another body" : "") + "); send a new key for a new "
                    + "request")));
        }
        if (!held.status().equals(DirectRequests.DONE)) {
            throw new Conflict("Idempotency-Key: the first request with this key is still running; retry in a moment");
        }
        return new Result(held.response(), true);
    }

    /** What outbound effects (an email) carry: {@code api:<key>}, hashed when that would be too long to store. */
    static String outboundKey(String key) {
        String plain = "api:" + key;
        return plain.length() <= MAX_OUTBOUND_KEY ? plain : "api:sha256:" + Tokens.sha256Hex(key);
    }

    /** The body with every object's fields in name order: the same request whatever order a client writes. */
    static String canonical(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return "{}";
        }
        return ExactJson.MAPPER.writeValueAsString(sorted(body));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = ExactJson.MAPPER.createObjectNode();
            node.propertyNames().stream().sorted().forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            var out = ExactJson.MAPPER.createArrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    private String names() {
        return String.join(", ", callable().stream().map(BlockSpec::name).toList());
    }
}
