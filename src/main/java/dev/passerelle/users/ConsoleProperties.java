package dev.passerelle.users;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's sign-in settings ({@code passerelle.console.*}).
 *
 * @param sessionIdle    a session unused for this long is over
 * @param sessionMax     a session is over this long after sign-in, used or not
 * @param invitationTtl  how long an invitation's link works
 * @param resetTtl       how long a password reset link works
 * @param failureWindow  failed sign-ins are counted over this window
 * @param accountLimit   failed sign-ins to one account within the window before it is refused
 * @param addressLimit   failed sign-ins from one address within the window before it is refused
 */
@ConfigurationProperties("passerelle.console")
record ConsoleProperties(@DefaultValue("12h") Duration sessionIdle, @DefaultValue("14d") Duration sessionMax,
                         @DefaultValue("7d") Duration invitationTtl, @DefaultValue("1h") Duration resetTtl,
                         @DefaultValue("15m") Duration failureWindow, @DefaultValue("5") int accountLimit,
                         @DefaultValue("30") int addressLimit) {
}
