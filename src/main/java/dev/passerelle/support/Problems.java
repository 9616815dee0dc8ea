package dev.passerelle.support;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The errors our API answers with, rendered as {@code application/problem+json}. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException of(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://passerelle.dev/problems/" + slug(status)));
        return new ErrorResponseException(status, problem, null);
    }

    public static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail);
    }

    public static ErrorResponseException notFound(String what) {
        return of(HttpStatus.NOT_FOUND, what + " not found");
    }

    public static ErrorResponseException conflict(String detail) {
        return of(HttpStatus.CONFLICT, detail);
    }

    public static String slug(HttpStatus status) {
        return status.name().toLowerCase().replace('_', '-');
    }
}
