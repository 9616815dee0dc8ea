package dev.passerelle.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error the API returns is {@code application/problem+json} and says what was wrong,
 * never how the server is built (no stack traces, no SQL).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), e.getDefaultMessage())).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                fields.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                        .orElse("invalid request"));
        problem.setType(URI.create("https://passerelle.dev/problems/bad-request"));
        problem.setProperty("errors", fields);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiBodyLimitFilter.TooLarge tooLarge) {
                // A body without a declared length that streamed past the limit: the same answer as a declared one.
                return handleExceptionInternal(ex, Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage())
                        .getBody(), headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        String detail = "the request body could not be read";
        if (ex.getCause() instanceof DatabindException bad) {
            String path = bad.getPath().stream()
                    .map(p -> p.getPropertyName() != null ? p.getPropertyName() : "[" + p.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            detail = (path.isEmpty() ? "" : path + ": ") + (bad instanceof MismatchedInputException m
                    && m.getTargetType() != null ? expected(m) : bad.getOriginalMessage());
        } else if (ex.getCause() instanceof JacksonException json) {
            detail = "the body is not valid JSON: " + json.getOriginalMessage();
        }
        ProblemDetail problem = Problems.badRequest(detail).getBody();
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return problem(Problems.badRequest("'" + ex.getName() + "' must be " + kindOf(ex.getRequiredType())
                + (ex.getValue() == null ? "" : ", not '" + ex.getValue() + "'")).getBody());
    }

    /** What a body value should have been, in words: Jackson's own message names Java classes. */
    private static String expected(MismatchedInputException m) {
        String given = m instanceof InvalidFormatException f && f.getValue() != null ? "'" + f.getValue() + "' is not "
                : "expected ";
        return given + kindOf(m.getTargetType());
    }

    /** A type as API callers know it; never a Java class name. */
    static String kindOf(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", ")) + " (in any case)";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return type == Integer.class || type == int.class || type == Long.class || type == long.class
                    ? "a whole number" : "a number, e.g. 12.50";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "an id (a UUID)";
        }
        if (type == LocalDate.class) {
            return "a date, e.g. 2026-03-05";
        }
        if (type == Instant.class) {
            return "a time, e.g. 2026-03-05T10:00:00Z";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** The domain's refusals, with the statuses the API has always answered them with. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException ex) {
        HttpStatus status = ex instanceof InvalidInput ? HttpStatus.BAD_REQUEST
                : ex instanceof NotFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        return problem(Problems.of(status, ex.getMessage()).getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Unhandled error", ex);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it has been logged.").getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail body) {
        return ResponseEntity.status(body.getStatus()).body(body);
    }
}
