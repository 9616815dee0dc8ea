package dev.passerelle.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

import dev.passerelle.support.Problems;

/** Reads a request body as raw bytes, refusing it (413) as soon as it passes the limit. */
public final class RawBody {

    private RawBody() {
    }

    /** Cheap early refusal when the client announced a size over the limit. */
    public static void checkDeclaredLength(HttpServletRequest request, long maxBytes) {
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
    }

    public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
        checkDeclaredLength(request, maxBytes);
        int expected = (int) Math.max(0, Math.min(request.getContentLengthLong(), maxBytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream(expected > 0 ? expected : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static RuntimeException tooLarge(long maxBytes) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than the limit of " + maxBytes + " bytes");
    }
}
