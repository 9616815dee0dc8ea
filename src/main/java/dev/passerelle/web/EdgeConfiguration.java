package dev.passerelle.web;

import java.time.Duration;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The HTTP edge, before any feature sees a request: bodies read ahead without a thread and within
 * a deadline ({@link BodyReadAhead}), NUL characters refused in parameters ({@link NoNulParameters}),
 * and Tomcat's own refusals answered as problem+json ({@link ProblemErrorReportValve}). Timeouts and
 * connection limits are Tomcat's settings ({@code server.tomcat.*} in application.yaml).
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration implements WebMvcConfigurer {

    @Bean
    FilterRegistrationBean<BodyReadAhead> bodyReadAhead(ProblemResponses problems,
            @Value("${passerelle.http.body-timeout:30s}") Duration timeout,
            @Value("${passerelle.api.max-body-size:2MB}") DataSize api,
            @Value("${passerelle.hooks.max-body-size:1MB}") DataSize hooks,
            @Value("${passerelle.woocommerce.max-body-size:2MB}") DataSize shops,
            @Value("${passerelle.http.body-buffer:}") DataSize buffer,
            @Value("${server.tomcat.threads.max:200}") int threads) {
        // The largest any endpoint takes: each still applies its own limit to what was read.
        long max = Math.max(api.toBytes(), Math.max(hooks.toBytes(), shops.toBytes()));
        // Unset: a quarter of the heap for bodies in flight.
        long budget = buffer == null || buffer.toBytes() <= 0 ? Runtime.getRuntime().maxMemory() / 4 : buffer.toBytes();
        FilterRegistrationBean<BodyReadAhead> registration = new FilterRegistrationBean<>(
                new BodyReadAhead(max, timeout, budget, threads, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // The host adds a valve of this class when it starts, in place of Tomcat's HTML one.
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new NoNulParameters());
    }
}
