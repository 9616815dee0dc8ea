package dev.passerelle.accounts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

import dev.passerelle.support.OutboundHttp;

/**
 * Spring's HTTP client seam over {@link OutboundHttp}: Spring Security's token clients speak the
 * OAuth2 protocol, and their requests leave through the one checked outbound path (addresses
 * checked after DNS, no redirects, bounded answers).
 */
final class OutboundRequestFactory implements ClientHttpRequestFactory {

    private final OutboundHttp http;
    private final OutboundHttp.Call call;

    OutboundRequestFactory(OutboundHttp http, OutboundHttp.Call call) {
        this.http = http;
        this.call = call;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new AbstractClientHttpRequest() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            @Override
            public HttpMethod getMethod() {
                return method;
            }

            @Override
            public URI getURI() {
                return uri;
            }

            @Override
            protected OutputStream getBodyInternal(HttpHeaders headers) {
                return body;
            }

            @Override
            protected ClientHttpResponse executeInternal(HttpHeaders headers) throws java.io.IOException {
                Map<String, String> flat = new LinkedHashMap<>();
                String[] contentType = {null};
                headers.forEach((name, values) -> {
                    if (name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                        contentType[0] = String.join(", ", values);
                    } else if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                        flat.put(name, String.join(", ", values));
                    }
                });
                byte[] bytes = body.size() == 0 && contentType[0] == null ? null : body.toByteArray();
                OutboundHttp.Response r = http.send(method.name(), uri, flat, bytes,
                        contentType[0] == null ? "application/octet-stream" : contentType[0], call);
                return response(r);
            }
        };
    }

    private static ClientHttpResponse response(OutboundHttp.Response r) {
        HttpHeaders headers = new HttpHeaders();
        r.headers().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        return new ClientHttpResponse() {
            @Override
            public HttpStatusCode getStatusCode() {
                return HttpStatusCode.valueOf(r.status());
            }

            @Override
            public String getStatusText() {
                return "";
            }

            @Override
            public void close() {
            }

            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(r.body());
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
