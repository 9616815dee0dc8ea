package dev.passerelle.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute URLs that tenants paste elsewhere (hook URLs, shop delivery URLs). From
 * {@code PASSERELLE_PUBLIC_URL} when set — it must be, behind a proxy — otherwise from the
 * address the API was called on; outside any request (a worker rendering a webhook body) without
 * it, from this server's own port on localhost, the best guess there is.
 */
@Component
public class PublicUrls {

    private final String configured;
    private final Environment environment;

    PublicUrls(@Value("${passerelle.public-url:}") String configured, Environment environment) {
        this.configured = configured == null || configured.isBlank() ? null
                : configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        this.environment = environment;
    }

    public String of(String path) {
        if (configured != null) {
            return configured + path;
        }
        if (RequestContextHolder.getRequestAttributes() == null) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            return "http://localhost:" + port + path;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + path;
    }
}
