package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import dev.passerelle.web.ConsolePage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The console's own filter chain, ordered before the API's (which matches every other path and
 * stays stateless, reading bearer tokens only). Here: the session cookie, CSRF tokens on every
 * form, a redirect to the sign-in page for anyone not signed in, and strict page headers.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    /**
     * Every path the console answers; nothing under /api, /hooks, /woocommerce or /actuator. The
     * OAuth2 consent page is a console page (authserver's); the authorization server's own endpoints
     * have their chain.
     */
    static final String[] PATHS = {"/", "/sign-in", "/sign-out", "/sign-out-everywhere", "/password-reset",
            "/password-reset/**", "/invitations/**", "/console", "/console/**", "/ops", "/ops/**", "/assets/**",
            "/webjars/htmx.org/**", "/oauth2/consent"};

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, Sessions sessions) throws Exception {
        RequestMatcher pdf = PathPatternRequestMatcher.withDefaults().matcher("/console/documents/*/pdf");
        RequestMatcher page = new NegatedRequestMatcher(pdf);
        CookieCsrfTokenRepository csrf = new CookieCsrfTokenRepository();
        csrf.setCookieName(SessionCookie.CSRF);
        csrf.setCookieCustomizer(c -> c.httpOnly(true).sameSite("Lax"));
        http.securityMatcher(PATHS)
                // Our session filter signs every request in afresh; Spring's strategy would take each one for a
                // new sign-in and replace the token (so a page's own assets changed it under its forms). The
                // token is replaced at each real sign-in instead (SignInController).
                .csrf(c -> c.csrfTokenRepository(csrf).sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                // The session is our own row (Sessions), read on every request by any instance; no HttpSession.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new SessionCookieFilter(sessions), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/sign-in", "/password-reset", "/password-reset/**", "/invitations/**",
                                "/assets/**", "/webjars/htmx.org/**").permitAll()
                        // The language switch works before signing in too (the sign-in page has one): it sets a
                        // cookie and redirects to a path of this site, nothing more.
                        .requestMatchers(HttpMethod.POST, "/console/language").permitAll()
                        .requestMatchers("/ops", "/ops/**").hasAuthority(ConsoleRole.OPERATOR.authority())
                        .requestMatchers("/console", "/console/**").hasAnyAuthority(ConsoleRole.OWNER.authority(),
                                ConsoleRole.MEMBER.authority())
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/sign-in")))
                .headers(h -> h
                        // Nothing frames a console page; a document's PDF only the console's own page (which embeds it).
                        .frameOptions(f -> f.disable())
                        .addHeaderWriter(only(page, new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY)))
                        .addHeaderWriter(only(page, new ContentSecurityPolicyHeaderWriter(ConsolePage.CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(only(pdf, new XFrameOptionsHeaderWriter(XFrameOptionsMode.SAMEORIGIN)))
                        .addHeaderWriter(only(pdf, new ContentSecurityPolicyHeaderWriter("frame-ancestors 'self'")))
                        // Links carry single-use tokens in their path: never sent on as a Referer.
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    private static HeaderWriter only(RequestMatcher requests, HeaderWriter writer) {
        return new DelegatingRequestMatcherHeaderWriter(requests, writer);
    }
}
