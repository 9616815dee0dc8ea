package dev.passerelle.routes;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.connectors.ExactJson;
import dev.passerelle.connectors.Triggers;

/**
 * {@code passerelle:event}: the outbox delivers each event durably to this subscriber, which
 * starts a run for each installation of each route waiting for that type.
 */
@Component
class EventRunStarter implements DomainEventSubscriber {

    static final String BLOCK = "event";

    private final RunStarter starter;

    EventRunStarter(RunStarter starter) {
        this.starter = starter;
    }

    @Override
    public String name() {
        return "routes";
    }

    /** Asked when an event is written: only types some running route waits for are delivered here. */
    @Override
    public boolean wants(String eventType) {
        return starter.wanted(BLOCK, r -> matches(r, eventType));
    }

    @Override
    public void on(DomainEvent event) {
        starter.startAll(BLOCK, List.of(start(event)));
    }

    /** Runs are rows: a batch of events starts its runs with one query and one batch of inserts. */
    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public void onAll(List<DomainEvent> events) {
        starter.startAll(BLOCK, events.stream().map(EventRunStarter::start).toList());
    }

    private static RunStarter.Start start(DomainEvent event) {
        return new RunStarter.Start(event.tenantId(), new RunStarter.Triggered(event.type(), event.id(),
                event.occurredAt(), ExactJson.MAPPER.readTree(event.payload())),
                (options, route) -> matches(route, event.type()));
    }

    private static boolean matches(Triggers.Registration route, String eventType) {
        String wanted = route.options().get("type");
        return "*".equals(wanted) || eventType.equals(wanted);
    }
}
