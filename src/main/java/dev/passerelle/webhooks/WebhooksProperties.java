package dev.passerelle.webhooks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code passerelle.webhooks.*}: how deliveries to REST-hook subscriptions are sent.
 *
 * @param workers         loops per instance claiming due deliveries; each hands its batch to the senders
 * @param batchSize       deliveries claimed at once by a loop
 * @param senders         deliveries in flight at once per instance (threads waiting on HTTP answers)
 * @param perSubscription deliveries of one subscription in flight at once, so that one slow receiver
 *                        cannot take every sender from the others
 * @param pollInterval    how often an idle worker looks for due deliveries
 * @param lease           how long a claimed delivery stays claimed unless its worker, alive, extends it
 * @param timeout         one attempt's whole time: connect, send, read the answer
 * @param maxPerEvent     subscriptions a tenant may have per event type
 * @param typesRefresh    how often an instance re-reads which event types anyone subscribes to
 *                        (subscriptions made on another instance are heard from within this)
 * @param disableAfter    a subscription whose deliveries have failed this long without a success is disabled
 * @param retention       finished deliveries (delivered, dead) older than this are purged with their attempts
 * @param retentionCron   when the purge runs (Quartz cron, once per cluster)
 */
@ConfigurationProperties("passerelle.webhooks")
record WebhooksProperties(int workers, int batchSize, int senders, int perSubscription, Duration pollInterval,
                          Duration lease, Duration timeout, int maxPerEvent, Duration typesRefresh,
                          Duration disableAfter, Duration retention, String retentionCron) {
}
