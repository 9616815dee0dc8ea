package dev.passerelle.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The {@link Receiver} endpoints, looked up first. Spring MVC finds a path with a variable (every
 * delivery URL carries its token) by trying each of the application's ~290 mappings in turn: a
 * quarter of the HTTP threads' CPU under a shop's load (bench/README, "compare"). Here the same
 * annotated methods are mapped a second time among their own few; the handler found is the same
 * kind of handler method, so argument resolution, error answers and everything after the lookup
 * are unchanged. A request that none of them takes goes on to the application's mapping.
 *
 * <p>Not a {@code RequestMappingHandlerMapping} bean itself, so that nothing asking for the
 * application's one by type finds two.
 */
@Component
class ReceiverMappings implements HandlerMapping, Ordered, SmartInitializingSingleton {

    private final ApplicationContext context;
    private volatile RequestMatcher paths = request -> false;
    private final RequestMappingHandlerMapping receivers = new RequestMappingHandlerMapping() {
        @Override
        protected boolean isHandler(Class<?> beanType) {
            return AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(beanType), Receiver.class);
        }
    };

    ReceiverMappings(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // The application's mapping adds this interceptor too (EdgeConfiguration).
        receivers.setInterceptors(new NoNulParameters());
        receivers.setApplicationContext(context);
        receivers.afterPropertiesSet();
        paths = new OrRequestMatcher(receivers.getHandlerMethods().keySet().stream()
                .flatMap(mapping -> mapping.getPatternValues().stream())
                .map(pattern -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(pattern))
                .toList());
    }

    /**
     * The receivers' paths, from their own mappings, for their security chain ({@link ReceiverSecurity}).
     * Nothing matches before the mappings are read, which is before the server takes requests.
     */
    RequestMatcher paths() {
        return request -> paths.matches(request);
    }

    @Override
    public HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
        return receivers.getHandler(request);
    }

    @Override
    public boolean usesPathPatterns() {
        return receivers.usesPathPatterns();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
