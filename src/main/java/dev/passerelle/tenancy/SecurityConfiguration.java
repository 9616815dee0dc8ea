package dev.passerelle.tenancy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.passerelle.web.ProblemResponses;

/**
 * Who may call what. Operators manage tenants; tenants use everything else under /api/v1;
 * inbound hooks authenticate by their URL token (and signature), not here.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Spring Security would otherwise wrap each of its filters in a tracing observation; we export
     * no traces, and on two cores that wrapping cost ~10 % of the CPU of every hook delivery
     * (async-profiler, bench/ingest). HTTP request metrics come from the server observation and stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * A URL the firewall refuses ({@code //}, an encoded slash or dot segment, ...): 400 as
     * problem+json saying why, like every other error.
     */
    @Bean
    RequestRejectedHandler requestRejected(ProblemResponses problems) {
        return (request, response, rejected) -> problems.write(request, response, HttpStatus.BAD_REQUEST,
                "the request was refused: " + rejected.getMessage());
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, OperatorToken operatorToken, ApiKeys apiKeys, ProblemResponses problems)
            throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(operatorToken, apiKeys), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/tenants", "/api/v1/tenants/**", "/api/v1/admin/**").hasRole("OPERATOR")
                        .requestMatchers("/actuator/prometheus").hasRole("OPERATOR")
                        .requestMatchers("/api/**").hasRole("TENANT")
                        .anyRequest().permitAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            Object why = request.getAttribute(BearerTokenFilter.REJECTION);
                            if ("suspended".equals(why)) {
                                problems.write(request, response, HttpStatus.FORBIDDEN, "this tenant is suspended");
                            } else {
                                response.setHeader("WWW-Authenticate", "Bearer");
                                problems.write(request, response, HttpStatus.UNAUTHORIZED,
                                        why == null ? "authentication required" : why.toString());
                            }
                        })
                        .accessDeniedHandler((request, response, ex) -> problems.write(request, response,
                                HttpStatus.FORBIDDEN, "this credential may not call " + request.getRequestURI())));
        return http.build();
    }
}
