package dev.passerelle.connectors;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/actions/{block}}: a building block run on its own for the calling tenant
 * (a zap's action or search). Errors name the field: 422 for values, 404 for no such action, 503
 * when the block could not do it now.
 */
@RestController
@RequestMapping("/api/v1/actions")
@Tag(name = "Actions")
class ActionController {

    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,200}");

    private final DirectActions actions;

    ActionController(DirectActions actions) {
        this.actions = actions;
    }

    @PostMapping("/{block}")
    @Operation(summary = "Run an action block", description = "Runs the connectors' action `block` (e.g. "
            + "upsert-client, update-client, find-client, upsert-product, find-product, create-document, "
            + "send-document) with the JSON body's fields as its properties, taken literally (a `${...}` is text). "
            + "Answers 200 with what the block returns: the object as the API shows it, or a list for the find "
            + "blocks. With `Idempotency-Key` (1–200 printable characters), a repeat with the same body within "
            + "24 h answers the first result with `Idempotent-Replayed: true`, and another body 422. Unknown or "
            + "route-only blocks: 404. Wrong values: 422 with `errors` [{field, message}]. Catalogue: "
            + "connectors/README.md.")
    ResponseEntity<JsonNode> run(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String block,
                                 @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                 @RequestBody(required = false) byte[] body) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw Problems.badRequest("Idempotency-Key: 1 to 200 printable ASCII characters, got "
                    + (key.isEmpty() ? "an empty value" : key.length() + " characters"));
        }
        DirectActions.Result result = actions.invoke(tenant.tenantId(), block, parse(body), key);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (result.replayed()) {
            ok.header(REPLAYED, "true");
        }
        return ok.body(result.body());
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return ExactJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw Problems.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    @ExceptionHandler(DirectActions.NoSuchAction.class)
    ResponseEntity<ProblemDetail> noSuchAction(DirectActions.NoSuchAction e) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), List.of());
    }

    @ExceptionHandler(InvalidProperties.class)
    ResponseEntity<ProblemDetail> invalid(InvalidProperties e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), e.problems());
    }

    /** A transient failure may pass on a retry (Zapier retries 503); a permanent one will not. */
    @ExceptionHandler(ActionException.class)
    ResponseEntity<ProblemDetail> refused(ActionException e) {
        ResponseEntity<ProblemDetail> response = problem(e.permanent() ? HttpStatus.UNPROCESSABLE_CONTENT
                : HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of());
        return e.permanent() ? response : ResponseEntity.status(response.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, "30").body(response.getBody());
    }

    /** The domain's own refusal of a value ("name: must not be blank"): a wrong value, like the others here. */
    @ExceptionHandler(InvalidInput.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInput e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage(), List.of());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail,
                                                         List<InvalidProperties.Problem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://passerelle.dev/problems/" + Problems.slug(status)));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).body(problem);
    }
}
