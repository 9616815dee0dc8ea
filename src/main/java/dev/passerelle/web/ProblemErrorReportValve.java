package dev.passerelle.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.passerelle.support.Problems;

/**
 * Tomcat's own refusals, made before any servlet sees the request (a header over the size limit,
 * a NUL or CR/LF in a header, a '{' or another character that must be percent-encoded in the
 * path or query, a NUL in the path), answered as {@code application/problem+json} like every other
 * error instead of Tomcat's HTML page. Errors that reach Spring are answered by it
 * ({@link ProblemErrorController}); this writes only when nothing has been written yet.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String detail = detail(request, response, throwable, status);
        String body = "{\"type\":\"https://passerelle.dev/problems/" + (status == null ? "error" : Problems.slug(status))
                + "\",\"title\":" + quote(status == null ? "Error" : status.getReasonPhrase())
                + ",\"status\":" + code + ",\"detail\":" + quote(detail) + "}";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response was taken over meanwhile: nothing more to say
        }
    }

    /** What was wrong, in words about the request; never the request's own bytes echoed back. */
    static String detail(Request request, Response response, Throwable throwable, HttpStatus status) {
        String why = ((throwable == null || throwable.getMessage() == null ? "" : throwable.getMessage()) + " "
                + (response.getMessage() == null ? "" : response.getMessage())).toLowerCase(Locale.ROOT);
        String uri = request.getCoyoteRequest() == null ? null : request.getCoyoteRequest().requestURI().toString();
        if (uri != null && uri.toLowerCase(Locale.ROOT).contains("%00")) {
            return NulCharacters.problem("path");
        }
        if (why.contains("header") && (why.contains("too large") || why.contains("size"))) {
            return "the request's headers are larger than this server accepts";
        }
        if (why.contains("request target") || why.contains("request line")) {
            return "the request line holds a character that must be percent-encoded (such as { } | \\ ^ ` or a space)"
                    + " or is not a request line";
        }
        if (why.contains("header")) {
            return "a request header holds a character that is not allowed (a control character such as NUL, CR or LF)"
                    + " or is not a header";
        }
        if (why.contains("invalid uri") || why.contains("normaliz")) {
            return "the request path is not valid (an encoded NUL or slash, or a .. above the root)";
        }
        if (status == HttpStatus.BAD_REQUEST) {
            return "the request is not valid HTTP";
        }
        return status == null ? "the request could not be served" : status.getReasonPhrase();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
