package dev.passerelle.connectors;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.TypeConverterSupport;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * {@code passerelle:<block>?<property>=<value>}: Passerelle's building blocks as one Camel
 * component. Options are checked against the block's {@link BlockSpec} when the endpoint is made,
 * so a route with an unknown block or property, or a mistyped value, never starts.
 */
@Component("passerelle")
class PasserelleComponent extends DefaultComponent {

    private final Catalog catalog;
    private final Triggers triggers;
    private final Effects effects;
    private final Secrets secrets;

    PasserelleComponent(Catalog catalog, Triggers triggers, Effects effects, Secrets secrets) {
        this.catalog = catalog;
        this.triggers = triggers;
        this.effects = effects;
        this.secrets = secrets;
    }

    /**
     * Bodies our blocks produce are JSON trees; Camel's other components (file, http, log) read
     * bodies as text, bytes or streams. camel-jackson3 is not served at this Camel version, so the
     * conversions are registered here: a text value as its text, anything else as JSON.
     */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        TypeConverterRegistry registry = getCamelContext().getTypeConverterRegistry();
        registry.addTypeConverter(String.class, JsonNode.class, new JsonText<>(text -> text));
        registry.addTypeConverter(byte[].class, JsonNode.class,
                new JsonText<>(text -> text.getBytes(StandardCharsets.UTF_8)));
        registry.addTypeConverter(InputStream.class, JsonNode.class,
                new JsonText<>(text -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static final class JsonText<T> extends TypeConverterSupport {

        private final Function<String, T> to;

        JsonText(Function<String, T> to) {
            this.to = to;
        }

        @Override
        public <C> C convertTo(Class<C> type, Exchange exchange, Object value) {
            JsonNode node = (JsonNode) value;
            return type.cast(to.apply(node.isString() ? node.asString() : node.toString()));
        }
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        Block block = catalog.find(remaining).orElseThrow(() -> new ResolveEndpointFailedException(uri,
                catalog.unknown(remaining)));
        Map<String, String> options = new LinkedHashMap<>();
        parameters.forEach((k, v) -> options.put(k, v == null ? null : v.toString()));
        List<String> problems = catalog.check(block.spec(), options);
        if (!problems.isEmpty()) {
            throw new ResolveEndpointFailedException(uri, String.join("; ", problems));
        }
        // Consumed here: Camel must not try to set them as bean properties on the endpoint.
        parameters.clear();
        return new PasserelleEndpoint(uri, this, block, options);
    }

    Triggers triggers() {
        return triggers;
    }

    Effects effects() {
        return effects;
    }

    Secrets secrets() {
        return secrets;
    }
}
