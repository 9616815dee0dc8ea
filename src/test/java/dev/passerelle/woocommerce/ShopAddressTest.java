package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.passerelle.support.HostileUrls;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NoConnections;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hostile-URL corpus against the shop's REST path as production runs it (no private shop
 * URLs): a tenant cannot save such a shop URL with REST keys, and a call to one (a URL stored
 * before a rule, or a name that now resolves elsewhere) is refused before any connection, with
 * either way of sending the keys.
 */
class ShopAddressTest {

    final NoConnections connections = new NoConnections();
    final ShopClient production = new ShopClient(JsonMapper.builder().build(), connections.http(false), false);

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#corpus")
    void aHostileShopUrlCannotBeSavedWithOrWithoutRestKeys(HostileUrls.Hostile hostile) {
        for (boolean willCall : new boolean[] {true, false}) {
            Throwable thrown = catchThrowable(() -> production.checkShopUrl(hostile.https(), willCall));

            assertThat(thrown).as(hostile + (willCall ? " with keys" : " without keys")).isInstanceOf(InvalidInput.class)
                    .hasMessageStartingWith("shopUrl: ")
                    // refused for what it is, not because this machine has no DNS
                    .hasMessageNotContaining("does not resolve");
        }
        assertThat(connections.attempts()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#corpus")
    void everyRestCallToAHostileShopIsRefusedBeforeAnyConnection(HostileUrls.Hostile hostile) {
        for (ShopClient.RestAuth auth : ShopClient.RestAuth.values()) {
            ShopClient.Shop shop = new ShopClient.Shop(hostile.https(), "ck_key", "cs_secret", auth, nothing());

            for (Runnable call : new Runnable[] {
                    () -> production.listWebhooks(shop),
                    () -> production.createWebhook(shop, Map.of("topic", "order.created")),
                    () -> production.updateWebhook(shop, 7, Map.of("status", "active")),
                    () -> production.deleteWebhook(shop, 7),
                    () -> production.ordersModifiedAfter(shop, Instant.parse("2026-01-01T00:00:00Z"), 1, 100)}) {
                Throwable thrown = catchThrowable(call::run);

                assertThat(thrown).as(hostile + " " + auth).isInstanceOf(ShopClient.ShopException.class);
                assertThat(thrown.getMessage()).as(hostile + " " + auth)
                        .containsAnyOf("the shop's address is refused", "not a URL");
            }
        }
        assertThat(connections.attempts()).isEmpty();
    }

    private static Consumer<ShopClient.RestAuth> nothing() {
        return auth -> { };
    }
}
