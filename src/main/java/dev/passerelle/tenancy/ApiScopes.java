package dev.passerelle.tenancy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What an OAuth2 access token may call: the scopes Passerelle's authorization server grants, and
 * which one each API request needs. API keys and the operator token are not scoped; a token is, and
 * a request no scope covers (settings, hooks, shops, team, keys...) is not for tokens at all.
 */
public final class ApiScopes {

    public static final String CLIENTS_WRITE = "clients:write";
    public static final String PRODUCTS_WRITE = "products:write";
    public static final String DOCUMENTS_WRITE = "documents:write";
    public static final String EVENTS_READ = "events:read";
    /** Every scope, in the order the consent page lists them. */
    public static final List<String> ALL = List.of(CLIENTS_WRITE, PRODUCTS_WRITE, DOCUMENTS_WRITE, EVENTS_READ);

    /** Any valid token may ask who it acts for (Zapier's connection test). */
    static final String ANY = "";

    /**
     * The action blocks a token may run ({@code POST /api/v1/actions/<block>}), with the scope each
     * needs: the ones whose effect is on clients, products or documents. Others (sending any email,
     * calling HTTP with a connected account, moving cards) stay for API keys.
     */
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("upsert-client", CLIENTS_WRITE), Map.entry("update-client", CLIENTS_WRITE),
            Map.entry("find-client", CLIENTS_WRITE),
            Map.entry("upsert-product", PRODUCTS_WRITE), Map.entry("find-product", PRODUCTS_WRITE),
            Map.entry("create-document", DOCUMENTS_WRITE), Map.entry("send-document", DOCUMENTS_WRITE),
            Map.entry("issue-document", DOCUMENTS_WRITE), Map.entry("record-payment", DOCUMENTS_WRITE),
            Map.entry("cancel-document", DOCUMENTS_WRITE), Map.entry("find-documents", DOCUMENTS_WRITE));

    private static final Set<String> READS = Set.of("GET", "HEAD");

    private ApiScopes() {
    }

    /**
     * The scope {@code request} needs from an access token: {@link #ANY}, one of {@link #ALL}, or
     * null when no token may make it. "write" scopes include reading what they write (a zap finds
     * the client it updates, lists documents for a dropdown).
     */
    static String required(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!path.startsWith("/api/v1/")) {
            return null;
        }
        String rest = path.substring("/api/v1/".length());
        String first = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        return switch (first) {
            case "me" -> rest.equals("me") ? ANY : null;
            case "clients" -> CLIENTS_WRITE;
            case "products" -> PRODUCTS_WRITE;
            case "documents" -> DOCUMENTS_WRITE;
            case "subscriptions", "triggers" -> EVENTS_READ;
            case "domain-events" -> READS.contains(request.getMethod()) ? EVENTS_READ : null;
            case "actions" -> ACTIONS.get(rest.substring(first.length()).replaceFirst("^/", ""));
            default -> null;
        };
    }
}
