package dev.passerelle.connectors;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import dev.passerelle.support.Tokens;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

/**
 * Runs an action for the exchange's run, exactly once per (installation, triggering event,
 * step): the step is the {@code step} option, or the block and its options when not named.
 */
class ActionProducer extends DefaultProducer {

    private static final JsonMapper JSON = ExactJson.MAPPER;

    private final Action action;
    private final BlockSpec spec;
    private final Map<String, String> options;
    private final String step;
    private final Clock clock = Clock.systemUTC();

    ActionProducer(PasserelleEndpoint endpoint, Action action, Map<String, String> options) {
        super(endpoint);
        this.action = action;
        this.spec = action.spec();
        this.options = options;
        this.step = stepOf(spec.name(), options);
    }

    /** The step's name: as given, or the block with a digest of its options (stable across reloads). */
    static String stepOf(String block, Map<String, String> options) {
        String named = options.get(Catalog.STEP);
        if (named != null && !named.isBlank()) {
            return named.strip();
        }
        return block + "#" + Tokens.sha256Hex(block + new TreeMap<>(options)).substring(0, 12);
    }

    @Override
    public PasserelleEndpoint getEndpoint() {
        return (PasserelleEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        if (run == null) {
            throw new ActionException("passerelle:" + spec.name()
                    + " runs only in a route that starts with a Passerelle trigger (passerelle:event, hook, schedule, shop-order)");
        }
        Templates.Scope scope = new Templates.Scope(run, bodyOf(exchange), Map.of(), clock);
        ActionCall call = new ActionCall(spec, options, scope, ActionCall.routeKey(run, step),
                getEndpoint().getComponent().secrets()::reveal);
        JsonNode result = getEndpoint().getComponent().effects().once(run, step, action.effect(), () -> action.run(call));
        exchange.getMessage().setBody(result.isString() ? result.asString() : result);
    }

    static JsonNode bodyOf(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return MissingNode.getInstance();
        }
        if (body instanceof JsonNode node) {
            return node;
        }
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : exchange.getMessage().getBody(String.class);
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.stringNode(text);
        }
    }
}
