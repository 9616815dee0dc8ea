package dev.passerelle.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a controller of console pages: its views get {@code me} (the signed-in user, or null). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsolePage {

    /**
     * The console's pages' Content-Security-Policy: scripts and styles from Passerelle only, no
     * framing, forms posted to Passerelle only. A page that must allow more (the OAuth2 consent
     * page's redirect to the app) starts from this one.
     */
    String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
}
