package dev.passerelle.automation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's rule: when an event of {@code trigger}'s type happens and the conditions hold, run
 * the actions (building blocks) now or after a delay; at most once per client when asked.
 */
public record Automation(UUID id, String name, String trigger, Conditions conditions, List<Step> actions,
                         Timing timing, boolean oncePerContact, boolean active, Instant createdAt, Instant updatedAt) {

    /**
     * What must hold, at the event and again when a delayed run fires (all given ones; null: any).
     *
     * @param unpaid true: the document still has a balance and is neither paid nor cancelled
     */
    public record Conditions(String documentKind, BigDecimal totalAtLeast, BigDecimal totalAtMost, String currency,
                             String clientCountry, String clientLanguage, String stage, Boolean unpaid) {

        static final Conditions NONE = new Conditions(null, null, null, null, null, null, null, null);
    }

    /** One action: a building block with its properties, each a text that may hold {@code {{variables}}}. */
    public record Step(String block, Map<String, String> properties) {
    }

    /**
     * When the actions run: {@code after} {@code unit}s (minutes, hours, days) after the event, or
     * after the document's due date ({@code from: dueDate}); immediately when {@code after} is 0.
     */
    public record Timing(Integer after, String unit, String from) {

        static final Timing IMMEDIATELY = new Timing(0, "hours", "event");
    }
}
