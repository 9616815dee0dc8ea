package dev.passerelle.accounts;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SMTP submission server that takes only {@code AUTH XOAUTH2} and checks each token the way a
 * provider's server does: by asking the authorization server (RFC 7662 introspection) whether it is
 * active, and that it belongs to the user named. GreenMail's XOAUTH2 compares the token with a
 * stored password, which cannot tell a revoked or refreshed token from a good one; SubEthaSMTP
 * with this handler can.
 */
public final class XOAuth2SmtpServer {

    /** A message as received, with the identity its session authenticated as. */
    public record Received(String user, String from, String to, String data) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** AUTH attempts refused (inactive or mismatched token). */
    public static final AtomicInteger REFUSED = new AtomicInteger();

    private static SMTPServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private XOAuth2SmtpServer() {
    }

    public static synchronized int port() {
        if (server == null) {
            server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("smtp.shop.test")
                    .authenticationHandlerFactory(new XOAuth2()).requireAuth(true)
                    .showAuthCapabilitiesBeforeSTARTTLS(true)
                    .messageHandler((context, from, to, data) -> RECEIVED.add(new Received(
                            context.getAuthenticationHandler().map(h -> String.valueOf(h.getIdentity())).orElse(null),
                            from, to, new String(data, StandardCharsets.UTF_8))))
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server.getPortAllocated();
    }

    static final class XOAuth2 implements AuthenticationHandlerFactory {

        @Override
        public List<String> getAuthenticationMechanisms() {
            return List.of("XOAUTH2");
        }

        @Override
        public AuthenticationHandler create() {
            return new AuthenticationHandler() {
                private String identity;

                @Override
                public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                    String[] parts = clientInput.strip().split(" ");
                    if (parts.length != 3 || !parts[1].equalsIgnoreCase("XOAUTH2")) {
                        throw new RejectException(535, "5.7.8 send the XOAUTH2 response with the AUTH command");
                    }
                    String decoded = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8);
                    String user = null;
                    String token = null;
                    for (String field : decoded.split("\u0001")) {
                        if (field.startsWith("user=")) {
                            user = field.substring(5);
                        } else if (field.startsWith("auth=Bearer ")) {
                            token = field.substring(12);
                        }
                    }
                    if (user == null || token == null || !active(user, token)) {
                        REFUSED.incrementAndGet();
                        throw new RejectException(535, "5.7.8 Username and Password not accepted");
                    }
                    identity = user;
                    return Optional.empty();
                }

                @Override
                public Object getIdentity() {
                    return identity;
                }
            };
        }

        private static boolean active(String user, String token) {
            try {
                String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&client_id="
                        + TestAuthorizationServer.CLIENT_ID + "&client_secret=" + TestAuthorizationServer.CLIENT_SECRET;
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestAuthorizationServer.issuer()
                                + "/oauth2/introspect")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode n = JSON.readTree(r.body());
                return r.statusCode() == 200 && n.path("active").asBoolean(false)
                        && user.equals(TestAuthorizationServer.emailOf(n.path("sub").asString("")));
            } catch (Exception e) {
                return false;
            }
        }
    }
}
