package dev.passerelle.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute URLs that tenants paste elsewhere (hook URLs, shop delivery URLs). From
 * {@code PASSERELLE_PUBLIC_URL} when set — it must be, behind a proxy — otherwise from the
 * address the API was called on.
 */
@Component
public class PublicUrls {

    private final String configured;

    PublicUrls(@Value("${passerelle.public-url:}") String configured) {
        this.configured = configured == null || configured.isBlank() ? null
                : configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    public String of(String path) {
        String base = configured != null ? configured : ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        return base + path;
    }
}
