package dev.passerelle.accounts;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Keeps access tokens fresh: a Quartz job on the clustered JDBC store, so it fires once per cluster
 * however many instances run; each account is also held by one refresh at a time
 * ({@code refresh_locked_until}), so an on-demand refresh on another instance never races it.
 */
@Component
class AccountRoutes extends RouteBuilder {

    private final Accounts accounts;
    private final AccountsProperties properties;
    private final java.time.Clock clock;

    AccountRoutes(Accounts accounts, AccountsProperties properties, java.time.Clock clock) {
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("quartz://passerelle/accounts-refresh?cron=" + properties.refreshCron().replace(' ', '+'))
                .routeId("accounts-refresh")
                .process(exchange -> exchange.getMessage().setBody(accounts.refreshDue(clock.instant())
                        + accounts.purgeExpiredAuthorizations()));
    }
}
