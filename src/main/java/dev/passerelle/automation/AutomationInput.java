package dev.passerelle.automation;

import java.util.List;

/** What a caller sends to create or replace an automation. */
record AutomationInput(String name, String trigger, Automation.Conditions conditions, List<Automation.Step> actions,
                       Automation.Timing timing, Boolean oncePerContact, Boolean active) {
}
