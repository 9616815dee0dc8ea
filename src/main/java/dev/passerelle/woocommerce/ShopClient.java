package dev.passerelle.woocommerce;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shop's REST API (wc/v3), called with the shop's consumer key and secret (HTTP basic auth,
 * which WooCommerce accepts over HTTPS, or in the query string where the host strips the header).
 * Calls go through {@link OutboundHttp}: the shop's host is resolved once, its addresses checked
 * and connected to as checked, redirects never followed, so a tenant cannot aim Passerelle (with
 * the shop's keys) at our own network. {@code passerelle.woocommerce.allow-private-shop-urls}
 * (labs, a shop on the operator's own network, tests with WireMock) allows plain HTTP and widens
 * the reach to loopback and private networks; link-local and reserved addresses stay refused.
 */
@Component
class ShopClient {

    static final String API = "/wp-json/wc/v3";
    private static final Logger log = LoggerFactory.getLogger(ShopClient.class);
    private static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Longest wait for each read of a shop's answer, as the shop's own PHP may take its time. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** A page of 100 orders is a few hundred KB; more than this is not an answer we can use. */
    static final int MAX_ANSWER_BYTES = 16 << 20;

    private final JsonMapper json;
    private final OutboundHttp http;
    private final boolean allowPrivate;
    private final OutboundHttp.Call call;

    ShopClient(JsonMapper json, OutboundHttp http,
               @Value("${passerelle.woocommerce.allow-private-shop-urls:false}") boolean allowPrivate) {
        this.json = json;
        this.http = http;
        this.allowPrivate = allowPrivate;
        this.call = new OutboundHttp.Call(allowPrivate ? Reach.LOCAL_NETWORK : Reach.PUBLIC, READ_TIMEOUT,
                MAX_ANSWER_BYTES);
        if (allowPrivate) {
            log.warn("passerelle.woocommerce.allow-private-shop-urls is on: tenants may aim Passerelle, with their shop's "
                    + "REST keys, at private, loopback and plain-HTTP addresses. Meant for tests and a shop on your own "
                    + "network, never for a hub serving other people's shops.");
        }
    }

    /** How the REST keys travel. */
    enum RestAuth {
        /** HTTP basic, WooCommerce's first choice over HTTPS. */
        AUTHORIZATION_HEADER,
        /** {@code consumer_key}/{@code consumer_secret} in the query, for hosts that strip the header. */
        QUERY_PARAMETERS;

        RestAuth other() {
            return this == AUTHORIZATION_HEADER ? QUERY_PARAMETERS : AUTHORIZATION_HEADER;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static RestAuth of(String label) {
            return label == null ? AUTHORIZATION_HEADER : valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * A shop and its keys for a run of calls. The way the keys travel can change during the run
     * (the host turned out to strip the header); {@code remember} keeps it for the next runs.
     */
    static final class Shop {
        private final String url;
        private final String consumerKey;
        private final String consumerSecret;
        private final Consumer<RestAuth> remember;
        private volatile RestAuth auth;

        Shop(String url, String consumerKey, String consumerSecret, RestAuth auth, Consumer<RestAuth> remember) {
            this.url = url;
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
            this.auth = auth;
            this.remember = remember;
        }

        String url() {
            return url;
        }

        RestAuth auth() {
            return auth;
        }

        private void worked(RestAuth other) {
            auth = other;
            remember.accept(other);
        }

        @Override
        public String toString() {
            return "Shop[" + url + "]";
        }
    }

    /** The shop answered something we cannot use, or could not be reached. */
    static class ShopException extends RuntimeException {
        final int status;
        /** WooCommerce's error code ({@code woocommerce_rest_cannot_view}, …), if it gave one. */
        final String code;

        ShopException(int status, String message) {
            this(status, null, message);
        }

        ShopException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        /**
         * The shop saw no keys at all: WordPress treated the call as anonymous, which WooCommerce
         * answers with a permission error ({@code woocommerce_rest_cannot_*}) rather than the
         * {@code woocommerce_rest_authentication_error} that wrong or read-only keys get.
         */
        boolean keysNotSeen() {
            return status == 401 && code != null && code.startsWith("woocommerce_rest_cannot_");
        }
    }

    /** Normalises and checks a shop URL a tenant gave: http(s), no credentials, a public host. */
    String checkShopUrl(String raw) {
        return checkShopUrl(raw, true);
    }

    /**
     * {@code willCall}: Passerelle will call the shop (REST keys given). Only then does its host have
     * to resolve to a public address: a shop that only delivers webhooks may not be live yet, or the
     * hub may have no DNS, and nothing is ever sent to it.
     */
    String checkShopUrl(String raw, boolean willCall) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput("shopUrl: required, e.g. https://shop.example");
        }
        URI uri;
        try {
            uri = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("shopUrl: not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPrivate)) {
            throw new InvalidInput("shopUrl: must start with https:// (the REST keys travel with each request)");
        }
        if (uri.getRawUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new InvalidInput("shopUrl: the shop's address, e.g. https://shop.example (no user, query or #)");
        }
        String problem = OutboundHttp.urlProblem(uri);
        if (problem == null && !willCall) {
            // Nothing is looked up for a shop that is never called; an address written out is still checked.
            problem = PublicAddresses.problemBeforeLookup(uri.getHost(), call.reach());
        }
        if (problem != null) {
            throw new InvalidInput("shopUrl: " + problem);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() > 500) {
            throw new InvalidInput("shopUrl: at most 500 characters");
        }
        if (willCall) {
            try {
                http.check(uri, call.reach());
            } catch (PublicAddresses.RefusedAddressException e) {
                throw new InvalidInput("shopUrl: " + e.getMessage());
            } catch (UnknownHostException e) {
                if (!allowPrivate) {
                    throw new InvalidInput("shopUrl: the host " + uri.getHost() + " does not resolve");
                }
                // A lab's shop may not resolve from here yet; each call checks it again.
            }
        }
        return text;
    }

    List<JsonNode> listWebhooks(Shop shop) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= 20; page++) {
            JsonNode list = send(shop, "GET", "/webhooks?per_page=100&page=" + page, null).body();
            if (!list.isArray()) {
                throw new ShopException(200, "GET /webhooks did not return a list");
            }
            list.forEach(all::add);
            if (list.size() < 100) {
                break;
            }
        }
        return all;
    }

    JsonNode createWebhook(Shop shop, Map<String, Object> body) {
        return send(shop, "POST", "/webhooks", body).body();
    }

    JsonNode updateWebhook(Shop shop, long id, Map<String, Object> body) {
        return send(shop, "PUT", "/webhooks/" + id, body).body();
    }

    void deleteWebhook(Shop shop, long id) {
        send(shop, "DELETE", "/webhooks/" + id + "?force=true", null);
    }

    /** {@code more}: the shop says a next page exists. */
    record OrderPage(List<JsonNode> orders, boolean more) {
    }

    /** Orders modified after {@code after} (GMT), oldest change first. */
    OrderPage ordersModifiedAfter(Shop shop, Instant after, int page, int perPage) {
        String since = WC_DATE.format(LocalDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
        Reply reply = send(shop, "GET", "/orders?modified_after=" + URLEncoder.encode(since, StandardCharsets.UTF_8)
                + "&dates_are_gmt=true&orderby=modified&order=asc&per_page=" + perPage + "&page=" + page, null);
        if (!reply.body().isArray()) {
            throw new ShopException(200, "GET /orders did not return a list");
        }
        List<JsonNode> orders = new ArrayList<>();
        reply.body().forEach(orders::add);
        // The shop's word first: hosts and proxies that cap page sizes return short pages that are
        // not the last. Only a shop that sends neither header is judged by a page's size.
        boolean more;
        if (orders.isEmpty()) {
            more = false;
        } else if (reply.next() || reply.totalPages() > 0) {
            more = reply.next() || page < reply.totalPages();
        } else {
            more = orders.size() >= perPage;
        }
        return new OrderPage(orders, more);
    }

    /** {@code next}: a {@code Link: <…>; rel="next"} header (WordPress sends one while pages remain). */
    private record Reply(JsonNode body, int totalPages, boolean next) {
    }

    /**
     * Many hosts strip the Authorization header before WordPress sees it; WooCommerce then takes
     * the keys from the query string (over HTTPS only, as it documents). When the shop says it saw
     * no keys, the call is made once more the other way, and what worked is kept for the next calls.
     * Nothing is lost by the retry: an anonymous call changes nothing in the shop.
     */
    private Reply send(Shop shop, String method, String path, Object body) {
        RestAuth auth = shop.auth();
        try {
            return exchange(shop, auth, method, path, body);
        } catch (ShopException refused) {
            if (!refused.keysNotSeen() || !(shop.url().startsWith("https://") || allowPrivate)) {
                throw refused;
            }
            Reply reply = exchange(shop, auth.other(), method, path, body);
            shop.worked(auth.other());
            return reply;
        }
    }

    private Reply exchange(Shop shop, RestAuth auth, String method, String path, Object body) {
        String keys = auth == RestAuth.QUERY_PARAMETERS ? (path.contains("?") ? "&" : "?") + "consumer_key="
                + URLEncoder.encode(shop.consumerKey, StandardCharsets.UTF_8) + "&consumer_secret="
                + URLEncoder.encode(shop.consumerSecret, StandardCharsets.UTF_8) : "";
        String what = method + " " + API + pathOnly(path);
        URI uri;
        try {
            uri = URI.create(shop.url() + API + path + keys);
        } catch (IllegalArgumentException e) {
            throw new ShopException(0, what + ": the shop's address is not a URL");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (auth == RestAuth.AUTHORIZATION_HEADER) {
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (shop.consumerKey + ":" + shop.consumerSecret).getBytes(StandardCharsets.UTF_8)));
        }
        OutboundHttp.Response response;
        try {
            response = http.send(method, uri, headers, body == null ? null : json.writeValueAsBytes(body),
                    "application/json", call);
        } catch (PublicAddresses.RefusedAddressException e) {
            throw new ShopException(0, what + ": the shop's address is refused: " + e.getMessage());
        } catch (OutboundHttp.ResponseTooLargeException e) {
            throw new ShopException(0, what + ": " + e.getMessage());
        } catch (UnknownHostException e) {
            throw new ShopException(0, what + ": the host " + uri.getHost() + " does not resolve");
        } catch (IOException e) {
            throw new ShopException(0, what + ": the shop could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        int status = response.status();
        if (status < 200 || status > 299) {
            String code = shopCode(response.body());
            String hint = status == 401 && code != null && code.startsWith("woocommerce_rest_cannot_")
                    ? " (the shop saw no REST API keys, sent in the Authorization header and in the query)"
                    : status == 401 || status == 403 ? " (check the REST API keys and their Read/Write permission)"
                    : status >= 300 && status < 400 ? " (a redirect; use the shop's final https address)" : "";
            throw new ShopException(status, code, what + " answered " + status + shopSays(response.body()) + hint);
        }
        JsonNode parsed;
        try {
            parsed = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new ShopException(status, what + " did not answer JSON");
        }
        int totalPages = response.headers("X-WP-TotalPages").stream().findFirst().map(v -> {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }).orElse(0);
        boolean next = response.headers("Link").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .anyMatch(link -> link.replace(" ", "").toLowerCase(Locale.ROOT).contains("rel=\"next\""));
        return new Reply(parsed, totalPages, next);
    }

    private String shopCode(byte[] body) {
        try {
            String code = json.readTree(body).path("code").asString("").strip();
            return code.isEmpty() ? null : code;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** WooCommerce's own words for an error ("The API key provided does not have write permissions."). */
    private String shopSays(byte[] body) {
        try {
            String message = json.readTree(body).path("message").asString("").strip();
            if (message.isEmpty()) {
                return "";
            }
            return ": \"" + (message.length() > 200 ? message.substring(0, 200) + "…" : message) + "\"";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
