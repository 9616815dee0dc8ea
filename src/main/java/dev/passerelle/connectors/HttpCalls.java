package dev.passerelle.connectors;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import dev.passerelle.support.OutboundHttp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP-calling blocks ({@code http-post}, {@code http-account}) share: the URL property
 * checked before any call, the JSON body rendered from its template (or the current body), and one
 * reading of the answer — 2xx completes the step, 408, 429 and 5xx are retried, the rest fail it.
 */
final class HttpCalls {

    private HttpCalls() {
    }

    /** The {@code url} property, refused when it could never be called (scheme, spelling, literal address). */
    static URI url(ActionCall call) {
        URI url;
        try {
            url = URI.create(call.requiredText("url"));
        } catch (IllegalArgumentException e) {
            throw new ActionException("url: not a URL: " + e.getMessage());
        }
        String why = OutboundHttp.urlProblem(url);
        if (why != null) {
            throw new ActionException("url: " + why);
        }
        return url;
    }

    /** The {@code body} template rendered with JSON-escaped values, or the current body; must be JSON. */
    static byte[] jsonBody(ActionCall call, JsonMapper json) {
        String body = call.has("body") ? Templates.render(call.text("body"), call.scope(), HttpCalls::jsonEscape)
                : json.writeValueAsString(call.body().isMissingNode() ? json.createObjectNode() : call.body());
        try {
            json.readTree(body);
        } catch (JacksonException e) {
            throw new ActionException("body: the rendered body is not JSON: " + e.getOriginalMessage());
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The step's result {@code {status, body}} for a 2xx answer; otherwise the failure, transient
     * or not. {@code hint} is added to a final failure's message (null for none).
     */
    static JsonNode answer(String method, URI url, OutboundHttp.Response response, String hint, JsonMapper json) {
        int status = response.status();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (status == 408 || status == 429 || status >= 500) {
            throw ActionException.transientFailure(method + " " + url.getHost() + " answered " + status + ": "
                    + abbreviate(text), null);
        }
        if (status < 200 || status >= 300) {
            throw new ActionException(method + " " + url.getHost() + " answered " + status
                    + (status >= 300 && status < 400 ? " (redirects are not followed)" : "")
                    + (hint == null ? "" : hint) + ": " + abbreviate(text));
        }
        var result = json.createObjectNode().put("status", status);
        try {
            result.set("body", text.isBlank() ? null : ExactJson.MAPPER.readTree(text));
        } catch (JacksonException e) {
            result.put("body", abbreviate(text));
        }
        return result;
    }

    static String jsonEscape(String text) {
        String quoted = ExactJson.MAPPER.writeValueAsString(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
