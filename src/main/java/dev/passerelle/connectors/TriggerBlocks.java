package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The four triggers. They only describe themselves: runs are made by the routes feature. */
@Configuration(proxyBeanMethods = false)
class TriggerBlocks {

    static final String EVENT = "event";
    static final String HOOK = "hook";
    static final String SCHEDULE = "schedule";
    static final String SHOP_ORDER = "shop-order";

    private record Described(BlockSpec spec) implements Trigger {
    }

    @Bean
    Trigger eventTrigger() {
        return new Described(new BlockSpec(EVENT, BlockSpec.Role.TRIGGER, "On domain event",
                "Runs once per installation for each event of this type in the installing tenant's account, read "
                        + "durably from the outbox (document.created, document.issued, document.sent, document.viewed, "
                        + "document.paid, document.overdue, document.credited, document.cancelled, client.created, "
                        + "product.created, email.sent, email.bounced, ...; GET /api/v1/domain-events lists them).",
                List.of(required("type", PropertyType.EVENT_TYPE, "Event type",
                        "The event type to react to, or * for every type.", "document.paid")),
                "The event's payload as JSON (${event.*}); ${trigger.type}, ${trigger.id} and ${trigger.at} "
                        + "describe the event."));
    }

    @Bean
    Trigger hookTrigger() {
        return new Described(new BlockSpec(HOOK, BlockSpec.Role.TRIGGER, "On inbound hook",
                "Runs for each event posted to one of the tenant's inbound hooks (POST /hooks/{token}), chosen by "
                        + "name, once the event is stored in the inbox.",
                List.of(required("hook", PropertyType.TEXT, "Hook name",
                                "The name of the tenant's hook (as created with POST /api/v1/hooks); usually an "
                                        + "installation parameter.", "${install.hook}"),
                        optional("kind", PropertyType.TEXT, "Event kind",
                                "Only events whose JSON body has this value in its \"kind\" (or \"type\") field.",
                                null, "crm.contact")),
                "The posted JSON body (${event.*})."));
    }

    @Bean
    Trigger scheduleTrigger() {
        return new Described(new BlockSpec(SCHEDULE, BlockSpec.Role.TRIGGER, "On schedule",
                "Runs once per installation each time the cron expression fires, on the clustered scheduler: once "
                        + "per cluster, however many instances run.",
                List.of(required("cron", PropertyType.CRON, "Cron expression",
                                "Quartz cron: seconds minutes hours day-of-month month day-of-week.", "0 0 2 * * ?"),
                        optional("timeZone", PropertyType.TEXT, "Time zone", "The zone the expression is read in.",
                                "UTC", "Europe/Brussels")),
                "{\"firedAt\": \"<instant>\", \"date\": \"<the firing's date in the time zone>\"}"));
    }

    @Bean
    Trigger shopOrderTrigger() {
        return new Described(new BlockSpec(SHOP_ORDER, BlockSpec.Role.TRIGGER, "On WooCommerce order",
                "Runs for each order delivery from one of the tenant's connected WooCommerce shops, after the "
                        + "built-in flow has made its document.",
                List.of(optional("status", PropertyType.TEXT, "Order statuses",
                                "Comma-separated WooCommerce statuses to react to; empty for every delivery.", null,
                                "processing,completed"),
                        optional("shop", PropertyType.TEXT, "Shop name",
                                "Only orders from the connection with this name.", null, "${install.shop}")),
                "The WooCommerce order as delivered (${event.id}, ${event.status}, ${event.billing.email}, ...)."));
    }
}
