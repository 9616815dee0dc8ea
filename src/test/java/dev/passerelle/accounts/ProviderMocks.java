package dev.passerelle.accounts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** WireMock playing Google's and Microsoft's OAuth endpoints, one per test JVM, started before the context. */
final class ProviderMocks {

    static final String GOOGLE_CLIENT = "google-client.apps.googleusercontent.com";
    static final String MICROSOFT_CLIENT = "6f1d0c1e-0000-4000-8000-00000000c11e";

    private static WireMockServer server;

    private ProviderMocks() {
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    static String baseUrl() {
        return "http://127.0.0.1:" + server().port();
    }

    /** An id token as a provider's token endpoint returns it (unsigned here: Passerelle trusts the TLS channel). */
    static String idToken(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }
}
