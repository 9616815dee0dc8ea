package dev.passerelle.routes;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.accounts.AccountConnected;
import dev.passerelle.accounts.AccountUnavailableException;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.events.DomainEvents;

/**
 * A step that needed a connected account which needed reconnecting failed its run at once (no retry
 * storm against a provider that will keep saying no). Once the account is reconnected, those runs go
 * back to the queue; the steps they had done are not redone.
 */
@Component
class AccountRunResumer implements DomainEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(AccountRunResumer.class);

    private final RouteRuns runs;
    private final DomainEvents events;
    private final Clock clock;

    AccountRunResumer(RouteRuns runs, DomainEvents events, Clock clock) {
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "routes.account-reconnected";
    }

    @Override
    public boolean wants(String eventType) {
        return AccountConnected.TYPE.equals(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        AccountConnected connected = events.read(event, AccountConnected.class);
        if (!connected.reconnected()) {
            return;
        }
        int resumed = runs.replayDeadFailedWith(event.tenantId(),
                AccountUnavailableException.reconnectMessage(connected.accountId()), clock.instant());
        if (resumed > 0) {
            log.info("Account {} of tenant {} reconnected: {} runs that failed for it run again", connected.accountId(),
                    event.tenantId(), resumed);
        }
    }
}
