package dev.passerelle.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HTTP calls to addresses tenants configure. The host is resolved once, every address it gives
 * is checked ({@link PublicAddresses}) and the connection goes to exactly those addresses, so a
 * name that resolves differently a moment later (DNS rebinding) changes nothing. Redirects are
 * never followed, and nothing is retried here: retries are the caller's, from the database.
 *
 * <p>Each call says its {@link Reach}: public addresses, unless an operator's setting (a shop on
 * their own network) widens it. {@code passerelle.outbound.allow-loopback} adds loopback to every
 * call, for tests (WireMock on 127.0.0.1) and benchmarks; every other address a reach does not
 * allow stays refused, before any connection is made.
 */
@Component
public class OutboundHttp implements DisposableBean {

    /**
     * A response: status, body and headers, whatever the status; {@code truncated} when the body
     * was longer than read.
     */
    public record Response(int status, String contentType, byte[] body, boolean truncated,
                           Map<String, List<String>> headers) {

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, false, Map.of());
        }

        public Response(int status, String contentType, byte[] body, boolean truncated) {
            this(status, contentType, body, truncated, Map.of());
        }

        /** The values of a header, in the order received; the name in any case. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /**
     * Bounds of one call: {@code timeout} for all of it (waiting for a pooled connection,
     * connecting, sending, and reading the answer, however slowly the server dribbles it), and at
     * most {@code maxResponseBytes} of the answer read; the connection is dropped rather than drained.
     */
    public record Limits(Duration timeout, int maxResponseBytes) {
    }

    /**
     * How one call may go: where it may connect, how long it waits for each read of the answer,
     * and how much of the answer it reads (a longer one is a {@link ResponseTooLargeException}).
     */
    public record Call(Reach reach, Duration readTimeout, int maxResponseBytes) {
    }

    /** The answer was longer than the call allows; the connection is dropped, not drained. */
    public static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(int limit) {
            super("the answer is larger than " + limit + " bytes");
        }
    }

    private final ObjectProvider<ConnectGuard> guards;
    private final boolean allowLoopback;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    /** One client (and connection pool) per reach: its resolver checks addresses for that reach. */
    private final Map<Reach, CloseableHttpClient> clients = new ConcurrentHashMap<>();
    /** Cancels calls that outlive their {@link Limits#timeout()}. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbound-http-deadlines");
        t.setDaemon(true);
        return t;
    });

    OutboundHttp(ObjectProvider<ConnectGuard> guards,
                 @Value("${passerelle.outbound.allow-loopback:false}") boolean allowLoopback,
                 @Value("${passerelle.outbound.connect-timeout:10s}") Duration connectTimeout,
                 @Value("${passerelle.outbound.read-timeout:30s}") Duration readTimeout) {
        this.guards = guards;
        this.allowLoopback = allowLoopback;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    private CloseableHttpClient client(Reach reach) {
        return clients.computeIfAbsent(reach.withLoopback(allowLoopback), this::newClient);
    }

    private CloseableHttpClient newClient(Reach reach) {
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return PublicAddresses.resolve(host, reach);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        ConnectGuard guard = guards.getIfAvailable(() -> target -> { });
        DetachedSocketFactory sockets = proxy -> new Socket() {
            @Override
            public void connect(SocketAddress endpoint, int timeout) throws IOException {
                if (endpoint instanceof InetSocketAddress inet) {
                    guard.check(inet);
                }
                super.connect(endpoint, timeout);
            }
        };
        PoolingHttpClientConnectionManagerBuilder connections = new PoolingHttpClientConnectionManagerBuilder() {
            @Override
            protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                                                                            TlsSocketStrategy tls) {
                return new DefaultHttpClientConnectionOperator(sockets, ports, dns,
                        RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
            }
        };
        return HttpClients.custom()
                .setConnectionManager(connections
                        .setDnsResolver(checked)
                        .setMaxConnTotal(200).setMaxConnPerRoute(20)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
                                .setSocketTimeout(Timeout.of(readTimeout.toMillis(), TimeUnit.MILLISECONDS)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Passerelle")
                .build();
    }

    /** Why a URL may not be called, before any look-up, or null. */
    public static String urlProblem(URI uri) {
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            return "only http and https URLs can be called";
        }
        if (uri.getRawUserInfo() != null) {
            return "a URL must not carry credentials";
        }
        if (uri.getHost() == null) {
            // java.net.URI leaves the host out when it is percent-encoded, not ASCII or otherwise no name.
            String problem = uri.getRawAuthority() == null ? null : PublicAddresses.spellingProblem(uri.getRawAuthority());
            return problem != null ? problem : "no host";
        }
        return PublicAddresses.spellingProblem(uri.getHost());
    }

    /**
     * Checks {@code uri} as a call with {@code reach} would, without connecting: for a clear
     * answer when a tenant saves an address. The call itself checks again, on the addresses it
     * connects to. Throws {@link PublicAddresses.RefusedAddressException} when refused and
     * {@link UnknownHostException} when the name does not resolve.
     */
    public void check(URI uri, Reach reach) throws UnknownHostException {
        String problem = urlProblem(uri);
        if (problem != null) {
            throw new PublicAddresses.RefusedAddressException(problem);
        }
        PublicAddresses.resolve(uri.getHost(), reach.withLoopback(allowLoopback));
    }

    /**
     * POSTs {@code body} to a public address. Throws {@link PublicAddresses.RefusedAddressException}
     * (no connection made) when the host is not public, and {@link IOException} when the server
     * cannot be reached. Reads at most 1 MiB of the answer.
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body, String contentType) throws IOException {
        String problem = urlProblem(uri);
        if (problem != null) {
            throw new PublicAddresses.RefusedAddressException(problem);
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return client(Reach.PUBLIC).execute(post, response -> new Response(response.getCode(),
                response.getEntity() == null || response.getEntity().getContentType() == null ? null
                        : response.getEntity().getContentType(),
                response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity(), 1 << 20),
                false, headers(response.getHeaders())));
    }

    /**
     * POSTs {@code body} to a public address within {@code limits}. Throws like
     * {@link #post(URI, Map, byte[], String)}; a call cut at its deadline throws
     * {@link SocketTimeoutException}, at whatever step it was cut.
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body, String contentType, Limits limits)
            throws IOException {
        String problem = urlProblem(uri);
        if (problem != null) {
            throw new PublicAddresses.RefusedAddressException(problem);
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        Timeout timeout = Timeout.of(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        post.setConfig(RequestConfig.custom().setRedirectsEnabled(false).setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout).build());
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client(Reach.PUBLIC).executeOpen(null, post, null);
            HttpEntity entity = response.getEntity();
            byte[] read = new byte[0];
            boolean truncated = false;
            boolean whole = false;
            try {
                if (entity != null) {
                    InputStream in = entity.getContent();
                    read = in.readNBytes(limits.maxResponseBytes());
                    truncated = in.read() != -1;
                }
                whole = !truncated;
            } finally {
                if (whole) {
                    response.close();
                } else {
                    // Closing normally would read the rest of the body to reuse the connection: drop it instead.
                    post.cancel();
                    closeQuietly(response);
                }
            }
            return new Response(response.getCode(), entity == null ? null : entity.getContentType(), read, truncated,
                    headers(response.getHeaders()));
        } catch (IOException | RuntimeException e) {
            // Cut at the deadline, the client fails as the cancel found it: a closed socket (IOException)
            // or, cancelled before it sent (a slow connect, a starved thread), its released connection
            // (IllegalStateException "Endpoint not acquired / already released"). Either is the timeout.
            if (late.get()) {
                SocketTimeoutException timedOut = new SocketTimeoutException("no complete answer within "
                        + limits.timeout().toSeconds() + " s");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException e) {
            // the connection is being dropped anyway
        }
    }

    /**
     * Any method, with a body or without ({@code body} null), within {@code call}. Throws like
     * {@link #post}, and {@link ResponseTooLargeException} for an answer over the call's limit.
     */
    public Response send(String method, URI uri, Map<String, String> headers, byte[] body, String contentType,
                         Call call) throws IOException {
        String problem = urlProblem(uri);
        if (problem != null) {
            throw new PublicAddresses.RefusedAddressException(problem);
        }
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach(request::setHeader);
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        }
        request.setConfig(RequestConfig.custom().setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(call.readTimeout().toMillis(), TimeUnit.MILLISECONDS)).build());
        try (ClassicHttpResponse response = client(call.reach()).executeOpen(null, request, null)) {
            HttpEntity entity = response.getEntity();
            byte[] read = new byte[0];
            if (entity != null) {
                InputStream in = entity.getContent();
                read = in.readNBytes(call.maxResponseBytes());
                if (in.read() != -1) {
                    // Closing normally would read the rest to reuse the connection: drop it instead.
                    request.cancel();
                    throw new ResponseTooLargeException(call.maxResponseBytes());
                }
            }
            return new Response(response.getCode(), entity == null ? null : entity.getContentType(), read, false,
                    headers(response.getHeaders()));
        }
    }

    private static Map<String, List<String>> headers(Header[] all) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : all) {
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        for (CloseableHttpClient client : clients.values()) {
            client.close();
        }
    }
}
