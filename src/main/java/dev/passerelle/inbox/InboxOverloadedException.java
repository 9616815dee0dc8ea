package dev.passerelle.inbox;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The inbox could not commit an event in time (saturated, shutting down, database away).
 * Answered as 503 with Retry-After: nothing was acknowledged, so the sender should retry.
 */
public class InboxOverloadedException extends ErrorResponseException {

    public InboxOverloadedException(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                detail + "; nothing was stored, please retry");
        problem.setType(URI.create("https://passerelle.dev/problems/service-unavailable"));
        return problem;
    }
}
