package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.accounts.AccessToken;
import dev.passerelle.accounts.AccountUnavailableException;
import dev.passerelle.accounts.Accounts;
import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls an HTTP API as a tenant's connected account: its access token as the bearer, fresh (refreshed
 * before it expires), and a 401 answered by one refresh and one more try. An account that needs
 * reconnecting fails the step at once, saying so; reconnecting it runs the step again.
 */
@Component
class AccountHttpAction implements Action {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final OutboundHttp.Call CALL = new OutboundHttp.Call(Reach.PUBLIC, Duration.ofSeconds(30), 1 << 20);

    private final OutboundHttp http;
    private final Accounts accounts;
    private final JsonMapper json;

    AccountHttpAction(OutboundHttp http, Accounts accounts, JsonMapper json) {
        this.http = http;
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("http-account", BlockSpec.Role.ACTION, "Call an HTTP API with a connected account",
                "Calls a URL with the access token of one of the tenant's connected accounts (POST /api/v1/accounts) "
                        + "as Authorization: Bearer. The token is refreshed before it expires; a 401 answer gets one "
                        + "refresh and one more try. Only public addresses are called (checked at each call, after "
                        + "DNS), redirects are not followed, and every request carries Idempotency-Key (the same for "
                        + "every retry of this step for this event). A 2xx answer completes the step; 408, 429 and "
                        + "5xx are retried with backoff; other answers fail the run. An account that needs "
                        + "reconnecting fails the run at once; reconnecting it runs the failed runs again.",
                List.of(required("account", PropertyType.UUID, "Account", "The connected account's id; usually an "
                                + "installation parameter.", "${install.account}"),
                        required("url", PropertyType.URL, "URL", "The API's URL.",
                                "https://www.googleapis.com/calendar/v3/calendars/primary/events"),
                        optional("method", PropertyType.TEXT, "Method", "The HTTP method.", "POST", "GET")
                                .withChoices(METHODS.toArray(String[]::new)),
                        optional("body", PropertyType.TEMPLATE, "Body", "A JSON template, as for http-post; empty "
                                + "for the current body as JSON. Not sent with GET or DELETE.", null,
                                "{\"summary\": \"Invoice ${event.number} due\"}")),
                "{\"status\": <HTTP status>, \"body\": <the answer, as JSON when it is JSON>}")
                // As http-post: over HTTP it would make the hub a proxy calling anywhere from its own address.
                .routeOnly("it calls from the hub's address; call the API yourself with your own token");
    }

    @Override
    public Effect effect() {
        return Effect.EXTERNAL;
    }

    @Override
    public JsonNode run(ActionCall call) throws Exception {
        UUID accountId = call.requiredUuid("account");
        URI url = HttpCalls.url(call);
        String method = call.has("method") ? call.text("method").toUpperCase(Locale.ROOT) : "POST";
        if (!METHODS.contains(method)) {
            throw new ActionException("method: expected one of " + String.join(", ", METHODS));
        }
        byte[] body = method.equals("GET") || method.equals("DELETE") ? null : HttpCalls.jsonBody(call, json);
        AccessToken token = token(() -> accounts.accessToken(call.tenantId(), accountId));
        OutboundHttp.Response response = send(method, url, token, body, call.idempotencyKey());
        if (response.status() == 401) {
            // Refused although believed valid (revoked, cut short): one refresh, one more try.
            AccessToken rejected = token;
            token = token(() -> accounts.refreshAfterRejection(call.tenantId(), accountId, rejected.value()));
            response = send(method, url, token, body, call.idempotencyKey());
        }
        return HttpCalls.answer(method, url, response, response.status() == 401
                ? " even with a refreshed token (does the account have the scopes it needs?)" : null, json);
    }

    private OutboundHttp.Response send(String method, URI url, AccessToken token, byte[] body, String idempotencyKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.value());
        headers.put("Accept", "application/json");
        headers.put("Idempotency-Key", idempotencyKey);
        try {
            return http.send(method, url, headers, body, "application/json", CALL);
        } catch (PublicAddresses.RefusedAddressException e) {
            throw new ActionException("url: " + e.getMessage());
        } catch (OutboundHttp.ResponseTooLargeException e) {
            throw new ActionException(method + " " + url.getHost() + ": " + e.getMessage());
        } catch (IOException e) {
            throw ActionException.transientFailure(method + " " + url.getHost() + " failed: " + e, e);
        }
    }

    private static AccessToken token(java.util.function.Supplier<AccessToken> get) {
        try {
            return get.get();
        } catch (AccountUnavailableException e) {
            if (e.needsReconnect()) {
                throw new ActionException("account: " + e.getMessage(), e);
            }
            throw ActionException.transientFailure("account: " + e.getMessage(), e);
        }
    }
}
