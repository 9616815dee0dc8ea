package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passerelle.support.HostileUrls;
import dev.passerelle.support.NoConnections;
import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;

/**
 * The hostile-URL corpus's hosts as a tenant's own SMTP server: refused when the settings are
 * saved (on the spelling alone, no DNS asked) and again at each send, over plain SMTP, STARTTLS
 * and SMTPS alike, before any connection; an allowed server is connected to at the address that
 * was checked.
 */
class SmtpHostTest {

    final NoConnections connections = new NoConnections();

    @ParameterizedTest
    @MethodSource("hosts")
    void aHostileHostIsRefusedWhenSavedAndAtEverySendBeforeAnyConnection(HostileUrls.Hostile hostile) {
        assertThat(new SmtpHosts(false).problem(hostile.host())).as(hostile.toString()).isNotNull();

        for (String security : new String[] {"none", "starttls", "smtps"}) {
            MailSendException refused = SmtpTlsTest.refusedBeforeTransfer(SmtpTlsTest.route(new SmtpMailSender(
                    server(hostile.host(), security, Reach.PUBLIC), connections)));

            assertThat(refused.getMessage()).as(hostile + " " + security).startsWith("SMTP host refused: ");
        }
        assertThat(connections.attempts()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("hosts")
    void aLabAllowsLoopbackAndPrivateNetworksAndNothingElse(HostileUrls.Hostile hostile) {
        boolean allowed = hostile.kind() == HostileUrls.Kind.LOOPBACK || hostile.kind() == HostileUrls.Kind.PRIVATE;

        assertThat(new SmtpHosts(true).problem(hostile.host()) == null).as(hostile.toString()).isEqualTo(allowed);
        MailSendException failed = SmtpTlsTest.refusedBeforeTransfer(SmtpTlsTest.route(new SmtpMailSender(
                server(hostile.host(), "starttls", Reach.LOCAL_NETWORK), connections)));

        if (allowed) {
            // As far as the guard, at the checked address (or no address: this machine does not resolve *.localhost).
            assertThat(failed.getMessage()).as(hostile.toString()).doesNotStartWith("SMTP host refused: ");
            assertThat(connections.attempts()).as(hostile.toString()).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(target -> assertThat(PublicAddresses.isLoopback(target.getAddress())
                            || PublicAddresses.isPrivateUse(target.getAddress())).isTrue());
        } else {
            assertThat(failed.getMessage()).as(hostile.toString()).startsWith("SMTP host refused: ");
            assertThat(connections.attempts()).isEmpty();
        }
    }

    @Test
    void smtpsToAnAllowedServerGoesToTheCheckedAddressAndChecksTheCertificateAgainstTheName() throws Exception {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        setup.setServerStartupTimeout(60_000);
        GreenMail server = new GreenMail(setup);
        server.start();
        try {
            int port = server.getSmtps().getPort();
            List<java.net.InetSocketAddress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            SmtpMailSender sender = new SmtpMailSender(new SmtpMailSender.Server("localhost", port, "smtps", null, null,
                    "a@shop.example", "localhost", Duration.ofSeconds(5), Duration.ofSeconds(5), Reach.PUBLIC_OR_LOOPBACK),
                    seen::add);
            MailSenders.Route route = SmtpTlsTest.route(sender);
            Email email = SmtpTlsTest.email();

            String reply = sender.send(new MessageBuilder(List.of(), Clock.systemUTC()).build(email, route).message(), () -> { });

            assertThat(reply).startsWith("250");
            assertThat(MailFixtures.received(server, email.messageId())).hasSize(1);
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).getAddress().isLoopbackAddress()).isTrue();
            assertThat(seen.get(0).getPort()).isEqualTo(port);
        } finally {
            server.stop();
        }
    }

    /** Every entry but those hostile only for their scheme: an SMTP host has none. */
    static java.util.stream.Stream<HostileUrls.Hostile> hosts() {
        return HostileUrls.corpus().filter(h -> h.kind() != HostileUrls.Kind.NOT_HTTP);
    }

    private static SmtpMailSender.Server server(String host, String security, Reach reach) {
        return new SmtpMailSender.Server(host, 25, security, null, null, "a@shop.example", null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), reach);
    }
}
