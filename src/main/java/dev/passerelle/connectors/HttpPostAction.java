package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.io.IOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.passerelle.support.HmacSha256;
import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs JSON to an HTTP API, optionally signed. The address is checked when the call is made
 * (not only when the route or installation was saved), on the one resolution it connects to.
 */
@Component
class HttpPostAction implements Action {

    static final String SIGNATURE_HEADER = "X-Passerelle-Signature";

    private final OutboundHttp http;
    private final JsonMapper json;

    HttpPostAction(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("http-post", BlockSpec.Role.ACTION, "Call an HTTP API",
                "POSTs a JSON body to a URL. Only public addresses are called (checked at each call, after DNS), "
                        + "redirects are not followed. Every request carries Idempotency-Key (the same for every "
                        + "retry of this step for this event) and, with a signing secret, "
                        + SIGNATURE_HEADER + ": sha256=<hex HMAC-SHA256 of the body>. A 2xx answer completes the "
                        + "step; 408, 429 and 5xx are retried with backoff; other answers fail the run.",
                List.of(required("url", PropertyType.URL, "URL", "Where to POST; usually an installation parameter.",
                                "${install.webhookUrl}"),
                        optional("body", PropertyType.TEMPLATE, "Body", "A JSON template; each placeholder's value is "
                                + "inserted JSON-escaped, so put text values inside quotes. Empty for the current "
                                + "body as JSON.", null,
                                "{\"text\": \"Invoice ${event.number} paid: ${event.total} ${event.currency}\"}"),
                        optional("signingSecret", PropertyType.SECRET, "Signing secret",
                                "An installation parameter holding the HMAC key.", null, "${install.signingSecret}")),
                "{\"status\": <HTTP status>, \"body\": <the answer, as JSON when it is JSON>}")
                // Over HTTP it would make the hub a proxy that posts anywhere from its own address for any API
                // key, and its signing secret lives in an installation; a caller over HTTP can call the URL itself.
                .routeOnly("it posts from the hub's address and signs with an installation's secret; call the URL "
                        + "yourself");
    }

    @Override
    public Effect effect() {
        return Effect.EXTERNAL;
    }

    @Override
    public JsonNode run(ActionCall call) throws Exception {
        URI url = HttpCalls.url(call);
        byte[] bytes = HttpCalls.jsonBody(call, json);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", call.idempotencyKey());
        String secret = call.secret("signingSecret");
        if (secret != null) {
            headers.put(SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(HmacSha256.sign(secret, bytes)));
        }
        OutboundHttp.Response response;
        try {
            response = http.post(url, headers, bytes, "application/json");
        } catch (PublicAddresses.RefusedAddressException e) {
            throw new ActionException("url: " + e.getMessage());
        } catch (IOException e) {
            throw ActionException.transientFailure("POST " + url.getHost() + " failed: " + e, e);
        }
        return HttpCalls.answer("POST", url, response, null, json);
    }
}
