package dev.passerelle.connectors;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One use of a building block in a route, with its options as written. Several routes may start
 * with the same trigger and options (two routes on one hook): each registers its own consumer.
 */
class PasserelleEndpoint extends DefaultEndpoint implements MultipleConsumersSupport {

    private final Block block;
    private final Map<String, String> options;

    PasserelleEndpoint(String uri, PasserelleComponent component, Block block, Map<String, String> options) {
        super(uri, component);
        this.block = block;
        this.options = Map.copyOf(options.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Override
    public PasserelleComponent getComponent() {
        return (PasserelleComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (!(block instanceof Action action)) {
            throw new IllegalArgumentException("passerelle:" + block.spec().name() + " is a trigger: use it in 'from'");
        }
        return new ActionProducer(this, action, options);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        if (!(block instanceof Trigger)) {
            throw new IllegalArgumentException("passerelle:" + block.spec().name() + " is an action: use it in 'to'");
        }
        return new TriggerConsumer(this, processor, block.spec().name(), options);
    }

    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }

    @Override
    public boolean isSingleton() {
        return true;
    }
}
