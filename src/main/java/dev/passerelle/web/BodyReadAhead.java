package dev.passerelle.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * Reads each request's whole body before any work starts on it, so that no more than a quarter
 * of the worker threads ever wait on a client's body. A client that declares a body and sends it
 * slowly, or not at all, would otherwise hold one of the server's threads for as long as it likes,
 * for any URL (an answer sent without reading the body still waits for it, to keep the
 * connection): a few hundred such clients stopped the server answering anyone. A body that is
 * there with its request (most are) is read on the request's thread; while a quarter of the
 * threads are reading, further bodies are read without a thread (non-blocking servlet I/O: the
 * connector's poller waits). A body must arrive whole within {@code passerelle.http.body-timeout}
 * (408 otherwise, as when a read waits longer than the connection timeout) and be no larger than
 * the largest body any endpoint takes (413); each endpoint still applies its own smaller limit.
 * The bodies held at once are capped too ({@code passerelle.http.body-buffer}, 503 past it). The
 * rest of the chain then runs as it always did, with the body served from memory.
 */
class BodyReadAhead implements Filter {

    private static final String BODY = BodyReadAhead.class.getName() + ".body";

    private final long maxBytes;
    private final Duration timeout;
    private final ProblemResponses problems;
    /** Bytes of bodies held at once, reading or read, until their requests end. */
    private final AtomicLong held = new AtomicLong();
    private volatile long budget;
    /** Threads that may wait on a body at once (see {@link #readOnThisThread}). */
    private final Semaphore readers;

    BodyReadAhead(long maxBytes, Duration timeout, long budget, int threads, ProblemResponses problems) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.budget = budget;
        this.readers = new Semaphore(Math.max(1, threads / 4));
        this.problems = problems;
    }

    /** How many bytes of bodies may be held at once; past it, new bodies get 503. */
    void budget(long bytes) {
        this.budget = bytes;
    }

    long budget() {
        return budget;
    }

    long held() {
        return held.get();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            request.removeAttribute(BODY);
            chain.doFilter(new WithBody(request, body), response);
            return;
        }
        if (request.getDispatcherType() != DispatcherType.REQUEST || !hasBody(request) || !request.isAsyncSupported()) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
            return;
        }
        AtomicLong reserved = new AtomicLong();
        if (!reserve(reserved, Math.max(0, request.getContentLengthLong()))) {
            busy(request, response);
            return;
        }
        if (!readers.tryAcquire()) {
            readAhead(request, response, reserved);
            return;
        }
        byte[] body;
        try {
            body = readOnThisThread(request, response, reserved);
        } catch (RuntimeException | IOException e) {
            held.addAndGet(-reserved.getAndSet(0));
            throw e;
        } finally {
            readers.release();
        }
        try {
            if (body != null) {
                chain.doFilter(new WithBody(request, body), response);
            }
        } finally {
            held.addAndGet(-reserved.getAndSet(0));
        }
    }

    /**
     * Most bodies are there as soon as the request is (they came in the same packets): read on the
     * request's own thread, which costs nothing more. Only a quarter of the threads may read this
     * way at once, so clients that turn out slow can hold no more than those; the others are read
     * without a thread ({@link #readAhead}). Null when refused (the answer is written).
     */
    private byte[] readOnThisThread(HttpServletRequest request, HttpServletResponse response, AtomicLong reserved)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int expected = (int) Math.max(0, Math.min(request.getContentLengthLong(), maxBytes));
        ByteArrayOutputStream body = new ByteArrayOutputStream(expected > 0 ? expected : 8192);
        byte[] buffer = new byte[8192];
        ServletInputStream in = request.getInputStream();
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                // A read that waited longer than the connection timeout, or the client went away.
                refuseQuietly(request, response, HttpStatus.REQUEST_TIMEOUT, "the request body stopped arriving");
                return null;
            }
            if (n < 0) {
                return body.toByteArray();
            }
            body.write(buffer, 0, n);
            if (body.size() > maxBytes) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
                return null;
            }
            if (body.size() > reserved.get() && !reserve(reserved, body.size() - reserved.get())) {
                busy(request, response);
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                refuse(request, response, HttpStatus.REQUEST_TIMEOUT, "the request body did not arrive whole within "
                        + timeout.toSeconds() + " s");
                return null;
            }
        }
    }

    private void refuseQuietly(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail) {
        try {
            refuse(request, response, status, detail);
        } catch (IOException | RuntimeException e) {
            // nobody left to tell
        }
    }

    /**
     * Bodies are held in memory: their sum is capped, so many clients each sending a large body
     * slowly cannot fill the heap. A body that does not fit is not started (or not finished).
     */
    private boolean reserve(AtomicLong reserved, long bytes) {
        if (held.addAndGet(bytes) > budget) {
            held.addAndGet(-bytes);
            return false;
        }
        reserved.addAndGet(bytes);
        return true;
    }

    private void busy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE,
                "the server holds too many request bodies at once; send it again in a moment");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || (request.getContentLengthLong() < 0
                && request.getHeader("Transfer-Encoding") != null);
    }

    private void readAhead(HttpServletRequest request, HttpServletResponse response, AtomicLong reserved)
            throws IOException {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeout.toMillis());
        AtomicBoolean over = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                stop(HttpStatus.REQUEST_TIMEOUT, "the request body did not arrive whole within " + timeout.toSeconds() + " s");
            }

            /** Mostly a read that waited longer than the connection timeout; the client may be gone. */
            @Override
            public void onError(AsyncEvent event) {
                stop(HttpStatus.REQUEST_TIMEOUT, "the request body stopped arriving");
            }

            private void stop(HttpStatus status, String detail) {
                if (over.compareAndSet(false, true)) {
                    try {
                        refuse(request, response, status, detail);
                    } catch (IOException | RuntimeException e) {
                        // nobody left to tell
                    }
                    async.complete();
                }
            }

            /** After the request has been answered, read ahead or not: its body is let go. */
            @Override
            public void onComplete(AsyncEvent event) {
                held.addAndGet(-reserved.getAndSet(0));
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        int expected = (int) Math.max(0, Math.min(request.getContentLengthLong(), maxBytes));
        ByteArrayOutputStream body = new ByteArrayOutputStream(expected > 0 ? expected : 8192);
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new ReadListener() {
            private final byte[] buffer = new byte[8192];

            @Override
            public void onDataAvailable() throws IOException {
                while (!over.get() && in.isReady()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    body.write(buffer, 0, n);
                    if (body.size() > maxBytes && over.compareAndSet(false, true)) {
                        refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
                        async.complete();
                        return;
                    }
                    if (body.size() > reserved.get() && !reserve(reserved, body.size() - reserved.get())
                            && over.compareAndSet(false, true)) {
                        // A body of no declared length that outgrew what is left of the budget.
                        busy(request, response);
                        async.complete();
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                if (over.compareAndSet(false, true)) {
                    request.setAttribute(BODY, body.toByteArray());
                    async.dispatch();
                }
            }

            @Override
            public void onError(Throwable t) {
                // The container tells the AsyncListener next, which answers (see above).
            }
        });
    }

    private String tooLarge() {
        return "the body is larger than the limit of " + maxBytes + " bytes";
    }

    /** The connection is closed after this answer: what is left of the body is never read. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setHeader("Connection", "close");
        problems.write(request, response, status, detail);
        response.flushBuffer();
    }

    /** The request as the rest of the chain sees it: a first dispatch, its body already here. */
    private static final class WithBody extends HttpServletRequestWrapper {

        private final byte[] body;
        private Map<String, String[]> parameters;
        private List<jakarta.servlet.http.Part> parts;

        WithBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
        }

        private Charset charset() {
            String name = getCharacterEncoding();
            try {
                return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }

        // A form body is no longer in the connection for the container to parse: its fields come from here.
        @Override
        public String getParameter(String name) {
            String[] values = getParameterMap().get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            if (parameters == null) {
                Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
                String type = getContentType();
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                    for (String pair : new String(body, charset()).split("&")) {
                        if (pair.isEmpty()) {
                            continue;
                        }
                        int eq = pair.indexOf('=');
                        try {
                            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset());
                            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset());
                            String[] before = all.getOrDefault(name, new String[0]);
                            String[] after = java.util.Arrays.copyOf(before, before.length + 1);
                            after[before.length] = value;
                            all.put(name, after);
                        } catch (IllegalArgumentException e) {
                            // not a form field; the container would have skipped it too
                        }
                    }
                }
                if (MultipartBody.is(type)) {
                    MultipartBody.fields(getParts(), all);
                }
                parameters = Collections.unmodifiableMap(all);
            }
            return parameters;
        }

        // A multipart form (a file upload) likewise: its parts come from the body held here.
        @Override
        public Collection<jakarta.servlet.http.Part> getParts() {
            if (parts == null) {
                parts = MultipartBody.is(getContentType()) ? MultipartBody.parts(body, getContentType()) : List.of();
            }
            return parts;
        }

        @Override
        public jakarta.servlet.http.Part getPart(String name) {
            return getParts().stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return getParameterMap().get(name);
        }
    }
}
