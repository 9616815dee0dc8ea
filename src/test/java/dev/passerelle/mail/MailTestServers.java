package dev.passerelle.mail;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail (SMTP + IMAP) for the whole test JVM, on free ports, started before the
 * application context so the hub relay and the bounce mailbox point at it. The shared context
 * stays one context: no per-class property overrides.
 */
public class MailTestServers implements EnvironmentPostProcessor {

    public static final String HUB_FROM = "hub@passerelle.test";
    public static final String BOUNCES = "bounces@passerelle.test";
    public static final String BOUNCES_PASSWORD = "bounce-secret";

    private static GreenMail hub;

    public static synchronized GreenMail hub() {
        if (hub == null) {
            hub = new GreenMail(new ServerSetup[] {
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
            hub.start();
            hub.setUser(BOUNCES, BOUNCES, BOUNCES_PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(hub::stop));
        }
        return hub;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        GreenMail g = hub();
        environment.getPropertySources().addFirst(new MapPropertySource("greenmail", Map.of(
                "passerelle.mail.smtp.host", "127.0.0.1",
                "passerelle.mail.smtp.port", Integer.toString(g.getSmtp().getPort()),
                "passerelle.mail.smtp.security", "none",
                "passerelle.mail.smtp.from", HUB_FROM,
                "passerelle.mail.bounces.host", "127.0.0.1",
                "passerelle.mail.bounces.port", Integer.toString(g.getImap().getPort()),
                "passerelle.mail.bounces.security", "none",
                "passerelle.mail.bounces.username", BOUNCES,
                "passerelle.mail.bounces.password", BOUNCES_PASSWORD)));
    }
}
