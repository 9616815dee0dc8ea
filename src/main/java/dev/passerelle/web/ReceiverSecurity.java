package dev.passerelle.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The receivers' own security chain, asked first: a delivery proves itself by its URL's token and
 * its signature, checked by the receiver, so nothing here authenticates or authorizes it. The API
 * chain it went through before (a bearer-token filter, an anonymous principal, an authorization
 * decision over the API's rules, a security context to save) did nothing for a delivery and cost
 * about a tenth of its HTTP thread's CPU under a shop's load (bench/README.md, "compare"). Kept: the
 * firewall (it is Spring Security's filter itself, before any chain) and the response headers.
 */
@Configuration(proxyBeanMethods = false)
class ReceiverSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain receivers(HttpSecurity http, ReceiverMappings mappings) throws Exception {
        return http.securityMatcher(mappings.paths())
                .csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .securityContext(c -> c.disable())
                .sessionManagement(s -> s.disable())
                .servletApi(s -> s.disable())
                .exceptionHandling(e -> e.disable())
                .build();
    }
}
