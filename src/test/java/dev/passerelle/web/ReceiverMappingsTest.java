package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExecutionChain;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/** Deliveries are looked up among the receivers' own mappings, first; nothing else is found there. */
@PasserelleTest
class ReceiverMappingsTest {

    @Autowired
    ReceiverMappings receivers;
    @Autowired
    DispatcherServlet dispatcher;
    @Autowired
    Api api;

    @Test
    void aDeliveryFindsItsReceiverAmongTheReceiversAlone() throws Exception {
        assertThat(handler("POST", "/woocommerce/some-token")).isEqualTo("WooReceiver.receive");
        assertThat(handler("POST", "/hooks/some-token")).isEqualTo("HookReceiver.receive");
        assertThat(receivers.getHandler(new MockHttpServletRequest("GET", "/api/v1/clients"))).isNull();
        assertThat(receivers.getHandler(new MockHttpServletRequest("POST", "/api/v1/hooks"))).isNull();
    }

    @Test
    void theDispatcherAsksThemFirst() {
        api.get("/api/v1/me", null); // the dispatcher reads its mappings at its first request
        assertThat(dispatcher.getHandlerMappings()).first().isSameAs(receivers);
    }

    private String handler(String method, String path) throws Exception {
        HandlerExecutionChain chain = receivers.getHandler(new MockHttpServletRequest(method, path));
        assertThat(chain).as("%s %s", method, path).isNotNull();
        // The same interceptor as the application's mapping: NUL characters refused in parameters.
        assertThat(chain.getInterceptorList()).hasAtLeastOneElementOfType(NoNulParameters.class);
        HandlerMethod handler = (HandlerMethod) chain.getHandler();
        return handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
    }
}
