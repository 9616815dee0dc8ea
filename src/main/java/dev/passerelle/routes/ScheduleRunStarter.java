package dev.passerelle.routes;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.TimeZone;
import java.util.UUID;

import java.nio.charset.StandardCharsets;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.connectors.Triggers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code passerelle:schedule}: one Quartz job per route (never per tenant) in the clustered JDBC
 * store, so a firing happens once per cluster. A firing starts one run per active installation,
 * keyed by (route, scheduled time): a firing repeated after a crash starts nothing twice.
 */
@Component
class ScheduleRunStarter implements Triggers.Listener {

    static final String BLOCK = "schedule";
    static final String GROUP = "passerelle-routes";
    private static final Logger log = LoggerFactory.getLogger(ScheduleRunStarter.class);

    private final Scheduler scheduler;

    ScheduleRunStarter(Scheduler scheduler, Triggers triggers) {
        this.scheduler = scheduler;
        triggers.listen(this);
    }

    @Override
    public void started(Triggers.Registration route) {
        if (!BLOCK.equals(route.block())) {
            return;
        }
        String cron = route.options().get("cron");
        TimeZone zone = TimeZone.getTimeZone(ZoneId.of(Objects.requireNonNullElse(route.options().get("timeZone"), "UTC")));
        TriggerKey key = TriggerKey.triggerKey(route.routeId(), GROUP);
        try {
            if (scheduler.getTrigger(key) instanceof CronTrigger existing && existing.getCronExpression().equals(cron)
                    && existing.getTimeZone().getID().equals(zone.getID())) {
                return; // another instance, or an earlier start, scheduled exactly this
            }
            JobDetail job = JobBuilder.newJob(Firing.class).withIdentity(JobKey.jobKey(route.routeId(), GROUP))
                    .usingJobData("routeId", route.routeId()).storeDurably().build();
            CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone)
                            .withMisfireHandlingInstructionFireAndProceed()).build();
            scheduler.addJob(job, true);
            if (scheduler.checkExists(key)) {
                scheduler.rescheduleJob(key, trigger);
            } else {
                scheduler.scheduleJob(trigger);
            }
            log.info("Route {} scheduled: {} ({})", route.routeId(), cron, zone.getID());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule route " + route.routeId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stopped(Triggers.Registration route) {
        // The job stays: other instances still run the route, and a stop is usually a reload or a shutdown.
    }

    /** A firing: runs for every installation, in one transaction. */
    @DisallowConcurrentExecution
    static class Firing implements Job {

        private final Triggers triggers;
        private final RunStarter starter;
        private final TransactionTemplate tx;
        private final JsonMapper json;

        Firing(Triggers triggers, RunStarter starter, TransactionTemplate tx, JsonMapper json) {
            this.triggers = triggers;
            this.starter = starter;
            this.tx = tx;
            this.json = json;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String routeId = context.getMergedJobDataMap().getString("routeId");
            var route = triggers.route(routeId);
            if (route.isEmpty()) {
                log.info("Schedule of route {} fired, but the route is not running here: skipped", routeId);
                return;
            }
            var at = context.getScheduledFireTime().toInstant();
            ZoneId zone = context.getTrigger() instanceof CronTrigger cron ? cron.getTimeZone().toZoneId() : ZoneOffset.UTC;
            UUID firing = UUID.nameUUIDFromBytes((routeId + "@" + at).getBytes(StandardCharsets.UTF_8));
            var payload = json.createObjectNode().put("firedAt", at.toString())
                    .put("date", at.atZone(zone).toLocalDate().toString());
            Integer started = tx.execute(s -> starter.startAll(route.get(),
                    new RunStarter.Triggered(BLOCK, firing, at, payload)));
            log.info("Schedule of route {} fired at {}: {} runs started", routeId, at, started);
        }
    }
}
