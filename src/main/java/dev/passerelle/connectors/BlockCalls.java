package dev.passerelle.connectors;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an action block with literal values for a caller that keeps its own record of effects (an
 * automation's run): the same {@link Action} a route runs, its properties given as values already
 * rendered, read as {@code ${body.<name>}} the way {@link DirectActions} reads a call over HTTP,
 * so a value is taken as it came and never as a placeholder.
 */
@Service
public class BlockCalls {

    private final Catalog catalog;
    private final Secrets secrets;
    private final Clock clock;

    BlockCalls(Catalog catalog, Secrets secrets, Clock clock) {
        this.catalog = catalog;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The action of that name, if there is one. */
    public Optional<BlockSpec> action(String name) {
        return catalog.find(name).filter(Action.class::isInstance).map(Block::spec);
    }

    public Action.Effect effect(String block) {
        return ((Action) catalog.find(block).orElseThrow()).effect();
    }

    /** What is wrong with these values for the block (unknown, mistyped, missing), each naming its property. */
    public List<InvalidProperties.Problem> problems(String block, ObjectNode values) {
        try {
            DirectBody.values(action(block).orElseThrow(), values);
            return List.of();
        } catch (InvalidProperties e) {
            return e.problems();
        }
    }

    /**
     * Runs the block once, as it is: recording that it ran is the caller's part.
     *
     * @param idempotencyKey what its outbound effects carry (an email's key, an HTTP call's Idempotency-Key)
     * @param now            the time the block reads as now (a task due in N days), or null for the application's
     * @throws ActionException the block refused (permanent) or could not do it now (transient)
     */
    public JsonNode run(RunContext run, String block, ObjectNode values, String idempotencyKey, Clock now)
            throws Exception {
        Action action = (Action) catalog.find(block).orElseThrow(() -> new ActionException("no action '" + block + "'"));
        ObjectNode checked = DirectBody.values(action.spec(), values);
        Map<String, String> options = new LinkedHashMap<>();
        checked.propertyNames().forEach(name -> options.put(name, "${body." + name + "}"));
        Templates.Scope scope = new Templates.Scope(run, checked, Map.of(), now == null ? clock : now);
        return action.run(new ActionCall(action.spec(), options, scope, idempotencyKey, secrets::reveal));
    }
}
