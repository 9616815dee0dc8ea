package dev.passerelle.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import dev.passerelle.inbox.Inbox;
import dev.passerelle.mail.Emails;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The ops area's home, for operators' accounts only (the console's security rules say so): the
 * instance's health as {@code /actuator/health} reports it, with every part; the inbox's backlog
 * and the mail queue across tenants (each from its feature's service); and the Quartz scheduler
 * that runs the timers (overdue documents, retention, route schedules).
 */
@Controller
@ConsolePage
@Hidden
class OpsController {

    /** Enough to see that the timers are there and due; route schedules can be many more. */
    private static final int TRIGGERS_SHOWN = 30;

    private final HealthEndpoint health;
    private final Inbox inbox;
    private final Emails emails;
    private final Scheduler scheduler;

    OpsController(HealthEndpoint health, Inbox inbox, Emails emails, Scheduler scheduler) {
        this.health = health;
        this.inbox = inbox;
        this.emails = emails;
        this.scheduler = scheduler;
    }

    /** One part of the health report: its status and its details (a database's product name, a disk's free space). */
    record Part(String name, String status, Map<String, Object> details) {

        public boolean up() {
            return status.equals("UP");
        }
    }

    record Timer(String name, Instant next, Instant previous, String state) {
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** What Quartz says of itself on this instance; {@code problem} when it could not be asked. */
    record Timers(boolean started, boolean standby, boolean clustered, String instanceId, int executed,
                  List<Timer> triggers, int total, String problem) {
    }

    @GetMapping("/ops")
    String ops(Model model) {
        HealthDescriptor report = health.health();
        model.addAttribute("status", report.getStatus().getCode());
        model.addAttribute("parts", parts(report));
        model.addAttribute("backlog", inbox.backlog());
        model.addAttribute("mail", emails.queue());
        model.addAttribute("timers", timers());
        return "console/ops";
    }

    private static List<Part> parts(HealthDescriptor report) {
        List<Part> parts = new ArrayList<>();
        if (report instanceof CompositeHealthDescriptor composite && composite.getComponents() != null) {
            composite.getComponents().forEach((name, part) -> parts.add(new Part(name, part.getStatus().getCode(),
                    part instanceof IndicatedHealthDescriptor indicated && indicated.getDetails() != null
                            ? new TreeMap<>(indicated.getDetails()) : Map.of())));
        }
        return parts;
    }

    private Timers timers() {
        try {
            SchedulerMetaData meta = scheduler.getMetaData();
            List<TriggerKey> keys = new ArrayList<>(scheduler.getTriggerKeys(GroupMatcher.anyTriggerGroup()));
            List<Timer> shown = new ArrayList<>();
            for (TriggerKey key : keys.subList(0, Math.min(keys.size(), TRIGGERS_SHOWN))) {
                Trigger t = scheduler.getTrigger(key);
                if (t != null) {
                    shown.add(new Timer(key.getGroup() + "." + key.getName(), instant(t.getNextFireTime()),
                            instant(t.getPreviousFireTime()), scheduler.getTriggerState(key).name()));
                }
            }
            shown.sort(java.util.Comparator.comparing(Timer::next, java.util.Comparator.nullsLast(Instant::compareTo)));
            return new Timers(scheduler.isStarted(), scheduler.isInStandbyMode(), meta.isJobStoreClustered(),
                    scheduler.getSchedulerInstanceId(), meta.getNumberOfJobsExecuted(), shown, keys.size(), null);
        } catch (SchedulerException e) {
            return new Timers(false, false, false, null, 0, List.of(), 0, e.getMessage());
        }
    }
}
