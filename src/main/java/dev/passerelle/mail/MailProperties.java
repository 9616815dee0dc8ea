package dev.passerelle.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code passerelle.mail.*}.
 *
 * @param smtp           the hub relay every tenant sends through unless it configures its own server;
 *                       with no host, emails are written as .eml files under {@code <data-dir>/outbox}
 * @param workers        emails sent at once by this instance
 * @param batchSize      emails claimed per query
 * @param pollInterval   how often an idle worker looks for due emails
 * @param lease          how long a claimed email stays ours; must exceed the longest SMTP conversation
 * @param initialBackoff delay after the first transient failure; doubled per failure, with jitter
 * @param maxBackoff     longest delay between attempts
 * @param maxAge         transient failures are retried until the email is this old, then it fails
 * @param connectTimeout SMTP/IMAP connect timeout
 * @param readTimeout    SMTP/IMAP read and write timeout
 * @param bounces        the mailbox delivery status notifications arrive in (disabled without a host)
 * @param retention      emails settled this long ago (sent, failed, bounced) are purged with their history
 * @param retentionCron  when the purge runs (Quartz cron, once per cluster)
 */
@ConfigurationProperties("passerelle.mail")
record MailProperties(Smtp smtp, int workers, int batchSize, Duration pollInterval, Duration lease,
                      Duration initialBackoff, Duration maxBackoff, Duration maxAge, Duration connectTimeout,
                      Duration readTimeout, Bounces bounces, Duration retention, String retentionCron) {

    /**
     * @param security  none, starttls (STARTTLS required) or smtps (TLS from the first byte)
     * @param from      the hub's sender address: tenants send as "Tenant via Passerelle" &lt;from&gt;
     * @param fromName  appended to the tenant's name in the From display name
     * @param sslTrust  hosts whose certificate is trusted without validation (tests, private relays); empty = none
     */
    record Smtp(String host, int port, String security, String username, String password, String from,
                String fromName, String sslTrust) {

        boolean configured() {
            return host != null && !host.isBlank();
        }
    }

    /**
     * @param host         IMAP host; empty disables bounce processing
     * @param security     none or imaps
     * @param folder       folder to read (INBOX)
     * @param pollInterval how often the mailbox is read
     */
    record Bounces(String host, int port, String security, String username, String password, String folder,
                   Duration pollInterval) {

        boolean configured() {
            return host != null && !host.isBlank();
        }
    }
}
