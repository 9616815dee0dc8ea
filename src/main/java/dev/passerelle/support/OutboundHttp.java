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
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HTTP calls to addresses tenants configure. The host is resolved once, every address it gives
 * is checked ({@link PublicAddresses}) and the connection goes to exactly those addresses, so a
 * name that resolves differently a moment later (DNS rebinding) changes nothing. Redirects are
 * never followed, and nothing is retried here: retries are the caller's, from the database.
 *
 * <p>{@code passerelle.outbound.allow-loopback} lets tests reach WireMock on 127.0.0.1; every
 * other non-public address stays refused, before any connection is made.
 */
@Component
public class OutboundHttp implements DisposableBean {

    /** A response: status and body, whatever the status; {@code truncated} when the body was longer than read. */
    public record Response(int status, String contentType, byte[] body, boolean truncated) {

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, false);
        }
    }

    /**
     * Bounds of one call: {@code timeout} for all of it (waiting for a pooled connection,
     * connecting, sending, and reading the answer, however slowly the server dribbles it), and at
     * most {@code maxResponseBytes} of the answer read; the connection is dropped rather than drained.
     */
    public record Limits(Duration timeout, int maxResponseBytes) {
    }

    private final CloseableHttpClient client;
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
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return PublicAddresses.resolve(host, allowLoopback);
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
        this.client = HttpClients.custom()
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
        return PublicAddresses.spellingProblem(uri.getHost());
    }

    /**
     * POSTs {@code body}. Throws {@link PublicAddresses.RefusedAddressException} (no connection
     * made) when the host is not public, and {@link IOException} when the server cannot be reached.
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body, String contentType) throws IOException {
        String problem = urlProblem(uri);
        if (problem != null) {
            throw new PublicAddresses.RefusedAddressException(problem);
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        return client.execute(post, response -> new Response(response.getCode(),
                response.getEntity() == null || response.getEntity().getContentType() == null ? null
                        : response.getEntity().getContentType(),
                response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity(), 1 << 20)));
    }

    /**
     * POSTs {@code body} within {@code limits}. Throws like {@link #post(URI, Map, byte[], String)};
     * a call cut at its deadline throws {@link SocketTimeoutException}.
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
            CloseableHttpResponse response = client.execute(post);
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
            return new Response(response.getCode(), entity == null ? null : entity.getContentType(), read, truncated);
        } catch (IOException e) {
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

    private static void closeQuietly(CloseableHttpResponse response) {
        try {
            response.close();
        } catch (IOException | RuntimeException e) {
            // the connection is being dropped anyway
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
