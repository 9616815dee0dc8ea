package dev.passerelle.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param workers        events processed at once by this instance
 * @param batchSize      events claimed per query
 * @param pollInterval   how often an idle worker looks for due events
 * @param lease          how long a claimed event stays ours; a crashed worker's events return after it
 * @param maxAttempts    failures before an event is dead
 * @param initialBackoff delay after the first failure; doubled per failure, with jitter
 * @param maxBackoff     longest delay between attempts
 * @param retention      processed events older than this are purged
 * @param retentionCron  when the purge runs (Quartz cron, once per cluster)
 */
@ConfigurationProperties("passerelle.inbox")
record InboxProperties(int workers, int batchSize, Duration pollInterval, Duration lease, int maxAttempts,
                       Duration initialBackoff, Duration maxBackoff, Duration retention, String retentionCron,
                       Writer writer) {

    /**
     * @param threads       concurrent insert transactions
     * @param maxBatch      events committed together at most
     * @param queueCapacity events waiting for a commit before receivers are told to retry later
     */
    record Writer(int threads, int maxBatch, int queueCapacity) {
    }
}
