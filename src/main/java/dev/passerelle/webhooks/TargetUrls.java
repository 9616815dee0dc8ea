package dev.passerelle.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;

/**
 * Which target URLs a subscription may have: absolute HTTPS URLs whose host resolves to public
 * addresses only. Plain HTTP (and loopback) only with {@code passerelle.outbound.allow-loopback},
 * for tests and benchmarks. Checked when subscribing; the same rules apply again, after a fresh
 * look-up, at every delivery ({@link OutboundHttp}).
 */
@Component
class TargetUrls {

    static final int MAX_LENGTH = 2000;

    private final boolean allowLoopback;

    TargetUrls(@Value("${passerelle.outbound.allow-loopback:false}") boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** The URL, or why it is refused (a sentence naming the field). */
    URI check(String targetUrl) {
        if (targetUrl == null || targetUrl.isBlank()) {
            throw Subscriptions.invalid("targetUrl: required, the https URL deliveries are POSTed to");
        }
        String url = targetUrl.strip();
        if (url.length() > MAX_LENGTH) {
            throw Subscriptions.invalid("targetUrl: at most " + MAX_LENGTH + " characters, got " + url.length());
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Subscriptions.invalid("targetUrl: not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw Subscriptions.invalid("targetUrl: expected an absolute URL such as https://hooks.example.com/abc, got '"
                    + url + "'");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && allowLoopback)) {
            throw Subscriptions.invalid("targetUrl: must use https, got " + scheme + "://");
        }
        String problem = OutboundHttp.urlProblem(uri);
        if (problem != null) {
            throw Subscriptions.invalid("targetUrl: " + problem);
        }
        try {
            PublicAddresses.resolve(uri.getHost(), allowLoopback);
        } catch (PublicAddresses.RefusedAddressException e) {
            throw Subscriptions.invalid("targetUrl: " + e.getMessage());
        } catch (UnknownHostException e) {
            throw Subscriptions.invalid("targetUrl: the host '" + uri.getHost() + "' could not be resolved");
        }
        return uri;
    }
}
