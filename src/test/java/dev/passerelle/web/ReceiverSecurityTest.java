package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.Filter;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/** Deliveries go through a security chain of their own, which authenticates nothing and keeps the headers. */
@PasserelleTest
class ReceiverSecurityTest {

    @Autowired
    List<SecurityFilterChain> chains;
    @Autowired
    Api api;

    @Test
    void theReceiversPathsAndOnlyThemTakeTheFirstChain() {
        SecurityFilterChain first = chains.get(0);
        assertThat(first.matches(new MockHttpServletRequest("POST", "/woocommerce/some-token"))).isTrue();
        assertThat(first.matches(new MockHttpServletRequest("POST", "/hooks/some-token"))).isTrue();
        assertThat(first.matches(new MockHttpServletRequest("GET", "/hooks/some-token"))).isTrue();
        for (String other : List.of("/api/v1/hooks", "/api/v1/clients", "/woocommerce", "/hooks/a/b", "/console",
                "/actuator/prometheus", "/oauth2/token")) {
            assertThat(first.matches(new MockHttpServletRequest("POST", other))).as(other).isFalse();
        }
        List<Class<?>> filters = first.getFilters().stream().<Class<?>>map(Filter::getClass).toList();
        assertThat(filters).contains(HeaderWriterFilter.class)
                .doesNotContain(AuthorizationFilter.class, AnonymousAuthenticationFilter.class);
    }

    @Test
    void aDeliveryIsAnsweredWithTheSecurityHeadersAndAnApiCallStillNeedsAKey() {
        Api.Response unknown = api.postRaw("/hooks/no-such-token", null, "{}".getBytes(StandardCharsets.UTF_8),
                "application/json", java.util.Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.headers().get("x-content-type-options")).containsExactly("nosniff");
        assertThat(api.get("/api/v1/clients", null).status()).isEqualTo(401);
    }
}
