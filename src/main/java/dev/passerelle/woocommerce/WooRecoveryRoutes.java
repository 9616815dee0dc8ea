package dev.passerelle.woocommerce;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One fixed route serves every shop: a Quartz job on the clustered JDBC store, so the recovery
 * runs once per cluster however many instances run, and costs rows, not routes, per shop.
 */
@Component
class WooRecoveryRoutes extends RouteBuilder {

    private final WooRecovery recovery;
    private final String cron;

    WooRecoveryRoutes(WooRecovery recovery, @Value("${passerelle.woocommerce.recovery-cron:0 */5 * * * ?}") String cron) {
        this.recovery = recovery;
        this.cron = cron;
    }

    @Override
    public void configure() {
        from("quartz://passerelle/woocommerce-recovery?stateful=true&cron=" + cron.replace(' ', '+'))
                .routeId("woocommerce-recovery")
                .process(exchange -> exchange.getMessage().setBody(recovery.runAll()));
    }
}
