package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.subethamail.smtp.server.SMTPServer;

import dev.passerelle.support.Reach;

/**
 * The SMTP sender over TLS against real servers: GreenMail for SMTPS, SubEthaSMTP for STARTTLS
 * (GreenMail does not offer it), both with GreenMail's self-signed certificate.
 */
class SmtpTlsTest {

    @Test
    void smtpsDeliversWhenTheOperatorTrustsTheHostAndRefusesAnUnknownCertificate() throws Exception {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        setup.setServerStartupTimeout(60_000); // TLS setup is slow on a busy machine
        GreenMail server = new GreenMail(setup);
        server.start();
        try {
            int port = server.getSmtps().getPort();
            MailSenders.Route trusted = route(port, "smtps", "127.0.0.1");
            Email email = email();

            String reply = trusted.sender().send(new MessageBuilder(List.of(), Clock.systemUTC()).build(email, trusted)
                    .message(), () -> { });

            assertThat(reply).startsWith("250");
            assertThat(trusted.sender().describe()).isEqualTo("smtps://127.0.0.1:" + port + " (smtps)");
            assertThat(MailFixtures.received(server, email.messageId())).hasSize(1);
            assertThat(MailFixtures.received(server, email.messageId()).get(0).getSubject()).isEqualTo("Grüße über TLS");

            // Without trust, the self-signed certificate fails the handshake: nothing was handed over.
            refusedBeforeTransfer(route(port, "smtps", null));
        } finally {
            server.stop();
        }
    }

    @Test
    void starttlsUpgradesTheConnectionBeforeTheMessageIsHandedOver() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        // requireTLS: the server refuses MAIL FROM until STARTTLS has succeeded.
        SMTPServer server = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress()).hostName("tls.example")
                .enableTLS().requireTLS().startTlsSocketFactory(greenMailsCertificate())
                .messageHandler((context, from, to, data) -> received.add(data)).build();
        server.start();
        try {
            int port = server.getPortAllocated();
            MailSenders.Route route = route(port, "starttls", "127.0.0.1");
            Email email = email();

            String reply = route.sender().send(new MessageBuilder(List.of(), Clock.systemUTC()).build(email, route)
                    .message(), () -> { });

            assertThat(reply).startsWith("250");
            assertThat(route.sender().describe()).isEqualTo("smtp://127.0.0.1:" + port + " (starttls)");
            assertThat(received).hasSize(1);
            assertThat(new String(received.get(0), StandardCharsets.UTF_8)).contains(email.messageId());

            // Without trust in its certificate, the upgrade fails and nothing is handed over.
            refusedBeforeTransfer(route(port, "starttls", null));
            assertThat(received).hasSize(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void starttlsIsRequiredNeverDowngradedToPlainText() throws Exception {
        // GreenMail's SMTP server does not offer STARTTLS: exactly the server a downgrade would hit.
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        try {
            int port = server.getSmtp().getPort();

            assertThat(refusedBeforeTransfer(route(port, "starttls", "127.0.0.1")).getMessage()).contains("STARTTLS");
            assertThat(server.getReceivedMessages()).isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void aTenantServerOnAnInternalAddressIsRefusedAtConnectTime() throws Exception {
        GreenMail internal = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        internal.start();
        try {
            for (String security : new String[] {"none", "starttls"}) {
                MailSenders.Route tenantServer = route(new SmtpMailSender(new SmtpMailSender.Server("localhost",
                        internal.getSmtp().getPort(), security, null, null, "a@shop.example", null, Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Reach.PUBLIC)));
                assertThat(refusedBeforeTransfer(tenantServer).getMessage()).contains("SMTP host refused")
                        .contains("loopback");
            }
            assertThat(internal.getReceivedMessages()).isEmpty();
        } finally {
            internal.stop();
        }
    }

    /** Sending through {@code route} fails as a transient error before anything is handed over. */
    static MailSendException refusedBeforeTransfer(MailSenders.Route route) {
        boolean[] transferStarted = {false};
        Throwable thrown = catchThrowable(() -> route.sender().send(new MessageBuilder(List.of(), Clock.systemUTC())
                .build(email(), route).message(), () -> transferStarted[0] = true));
        assertThat(thrown).isInstanceOf(MailSendException.class);
        assertThat(((MailSendException) thrown).kind()).isEqualTo(MailSendException.Kind.TRANSIENT);
        assertThat(transferStarted[0]).isFalse();
        return (MailSendException) thrown;
    }

    /** The hub relay on 127.0.0.1:{@code port}; {@code sslTrust}: the hosts whose certificate is trusted. */
    private static MailSenders.Route route(int port, String security, String sslTrust) {
        return route(new SmtpMailSender(new SmtpMailSender.Server("127.0.0.1", port, security, null, null,
                "hub@passerelle.test", sslTrust, Duration.ofSeconds(5), Duration.ofSeconds(5), null)));
    }

    /** The self-signed key GreenMail serves SMTPS with, reused for the STARTTLS server. */
    static SSLContext greenMailsCertificate() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = GreenMail.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    static MailSenders.Route route(MailSender sender) {
        return new MailSenders.Route(sender, MailSenders.address("hub@passerelle.test", "Café via Passerelle"), null, true);
    }

    static Email email() {
        UUID id = UUID.randomUUID();
        return new Email(id, UUID.randomUUID(), "notification", null, null, "k", List.of(Recipient.of("a@tls.example")),
                List.of(), List.of(), "Grüße über TLS", "Hallo", null, null, "de", "<" + id + "@passerelle.test>",
                EmailStatus.SENDING, 1, null, null, null, null, null, null, null, null);
    }
}
