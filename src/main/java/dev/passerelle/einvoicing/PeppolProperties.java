package dev.passerelle.einvoicing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code passerelle.peppol.*}.
 *
 * @param smpUrl         the SMP (or the access point's SMP lookup service) asked whether a participant
 *                       receives Peppol BIS 3.0 invoices: {@code GET {smpUrl}/{participant}/services/{document type}};
 *                       none (and none in the tenant's settings): no check before sending, the access
 *                       point's own discovery decides
 * @param pollInterval   how often the outbox looks for due transmissions
 * @param statusInterval how long after sending the access point is first asked for the delivery status
 * @param initialBackoff delay after the first failure; doubled per failure, with jitter
 * @param maxBackoff     longest delay between attempts
 * @param maxAttempts    attempts before a transmission fails for good
 * @param lease          how long a claimed transmission stays ours
 * @param timeout        for one HTTP call to the SMP or the access point
 */
@ConfigurationProperties("passerelle.peppol")
record PeppolProperties(String smpUrl,
                        @DefaultValue("5s") Duration pollInterval, @DefaultValue("1m") Duration statusInterval,
                        @DefaultValue("30s") Duration initialBackoff, @DefaultValue("1h") Duration maxBackoff,
                        @DefaultValue("12") int maxAttempts, @DefaultValue("2m") Duration lease,
                        @DefaultValue("20s") Duration timeout) {
}
