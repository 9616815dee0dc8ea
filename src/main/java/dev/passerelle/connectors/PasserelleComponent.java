package dev.passerelle.connectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

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
