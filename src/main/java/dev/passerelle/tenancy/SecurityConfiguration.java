package dev.passerelle.tenancy;

import org.springframework.beans.factory.ObjectProvider;
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
    SecurityFilterChain api(HttpSecurity http, OperatorToken operatorToken, ApiKeys apiKeys,
                            ObjectProvider<AccessTokens> accessTokens, ProblemResponses problems) throws Exception {
        http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(operatorToken, apiKeys, accessTokens.getIfAvailable()), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/tenants", "/api/v1/tenants/**", "/api/v1/admin/**").hasRole("OPERATOR")
                        .requestMatchers("/actuator/prometheus").hasRole("OPERATOR")
                        .requestMatchers("/api/**").access(new ScopeCheck())
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
                        .accessDeniedHandler((request, response, ex) -> {
                            Object scope = request.getAttribute(ScopeCheck.MISSING_SCOPE);
                            if (scope != null) {
                                // RFC 6750's way of saying it, for OAuth clients that read headers.
                                response.setHeader("WWW-Authenticate",
                                        "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
                            }
                            problems.write(request, response, HttpStatus.FORBIDDEN, denied(request));
                        }));
        return http.build();
    }

    /** Why a 403: for an access token, the scope it lacks (or that tokens may not do this at all). */
    private static String denied(jakarta.servlet.http.HttpServletRequest request) {
        String call = request.getMethod() + " " + request.getRequestURI();
        Object scope = request.getAttribute(ScopeCheck.MISSING_SCOPE);
        if (scope != null) {
            return "this access token lacks the scope '" + scope + "', which " + call + " needs; connect again "
                    + "and allow it";
        }
        if (request.getAttribute(ScopeCheck.NOT_FOR_TOKENS) != null) {
            return "an OAuth access token may not call " + call + " (no scope allows it); use an API key";
        }
        return "this credential may not call " + request.getRequestURI();
    }
}
