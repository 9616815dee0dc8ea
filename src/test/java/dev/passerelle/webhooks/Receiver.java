package dev.passerelle.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The receivers of the webhooks tests: one WireMock server for the test JVM, on 127.0.0.1, each
 * test its own paths.
 */
final class Receiver {

    private static WireMockServer server;

    private Receiver() {
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            // No gzip: a receiver compressing its answers would measure its own CPU, not our reading.
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                    .gzipDisabled(true));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    /** A fresh path on the receiver answering with {@code answer}; returns its URL. */
    static String answering(ResponseDefinitionBuilder answer) {
        String path = "/hooks/" + UUID.randomUUID();
        server().stubFor(post(urlEqualTo(path)).willReturn(answer));
        return url(path);
    }

    static String ok() {
        return answering(aResponse().withStatus(200).withBody("{\"ok\":true}"));
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server().port() + path;
    }

    static String path(String url) {
        return url.substring(url.indexOf("/hooks/"));
    }

    static List<LoggedRequest> received(String url) {
        return server().findAll(postRequestedFor(urlEqualTo(path(url))));
    }
}
