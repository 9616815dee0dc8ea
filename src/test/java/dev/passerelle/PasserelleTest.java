package dev.passerelle;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole server on a random port, on the embedded database or, with PASSERELLE_DB_URL, on
 * PostgreSQL. Every test class uses this one configuration so they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestInboxHandlers.class, Api.class, dev.passerelle.mail.MailTestConfiguration.class,
        LoopbackOnlyConnections.class, dev.passerelle.webhooks.WebhookTestConfiguration.class,
        dev.passerelle.automation.AutomationTestConfiguration.class,
        dev.passerelle.users.UsersTestConfiguration.class, StatementLog.class})
public @interface PasserelleTest {
}
