package dev.passerelle.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps API request bodies (the edge is hostile): a declared length over the cap is refused with
 * 413 before reading; a body that streams past it (chunked, no length declared) is cut off, and
 * answered 413 too ({@link ApiExceptionHandler} finds {@link TooLarge} under the read error).
 * Inbound hooks apply their own limit on the raw bytes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ProblemResponses problems;

    ApiBodyLimitFilter(@Value("${passerelle.api.max-body-size:2MB}") DataSize maxBodySize, ProblemResponses problems) {
        this.maxBytes = maxBodySize.toBytes();
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE,
                    "the body is larger than the limit of " + maxBytes + " bytes");
            return;
        }
        chain.doFilter(new Capped(request, maxBytes), response);
    }

    /** The body streamed past the limit. */
    static final class TooLarge extends IOException {

        final long maxBytes;

        TooLarge(long maxBytes) {
            super("the body is larger than the limit of " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }
    }

    private static final class Capped extends HttpServletRequestWrapper {

        private final long maxBytes;

        Capped(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
