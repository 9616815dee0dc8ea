package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NoConnections;
import tools.jackson.databind.json.JsonMapper;

/** Shop URLs a tenant gives must not point Passerelle (with the shop's keys) at our own network. */
class ShopUrlTest {

    final NoConnections connections = new NoConnections();
    final ShopClient production = new ShopClient(JsonMapper.builder().build(), connections.http(false), false);

    @Test
    void privateLoopbackLinkLocalAndPlainHttpAddressesAreRefused() {
        for (String url : new String[] {"https://127.0.0.1", "https://10.1.2.3/shop", "https://192.168.0.10",
                "https://169.254.169.254/latest", "https://[::1]", "https://[fd00::1]", "https://100.64.0.1",
                "https://0.0.0.0", "http://93.184.215.14", "https://user:pw@93.184.215.14", "https://93.184.215.14/?a=b",
                "ftp://93.184.215.14", "not a url", ""}) {
            assertThatThrownBy(() -> production.checkShopUrl(url)).as(url).isInstanceOf(InvalidInput.class);
        }
    }

    @Test
    void aShopPasserelleWillNotCallNeedsNoDnsButOneItWillCallMustResolve() {
        String notLive = "https://boutique-" + System.nanoTime() + ".invalid/";

        assertThat(production.checkShopUrl(notLive, false)).isEqualTo(notLive.substring(0, notLive.length() - 1));
        assertThatThrownBy(() -> production.checkShopUrl(notLive, true)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("does not resolve");
        // Without keys the address is still checked as an address: https, no credentials.
        assertThatThrownBy(() -> production.checkShopUrl("http://shop.example", false)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aPublicHttpsAddressIsKeptWithoutTrailingSlash() {
        assertThat(production.checkShopUrl("https://93.184.215.14/boutique/")).isEqualTo("https://93.184.215.14/boutique");
    }
}
