package dev.passerelle.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * How console pages write a moment: UTC, to the second, the same on every page and in both
 * languages (tenants have no time zone setting yet). Templates call it as {@code ${@times.utc(at)}}.
 */
@Component("times")
public class ConsoleTimes {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** The moment, or an empty string for none. */
    public String utc(Instant at) {
        return at == null ? "" : UTC.format(at);
    }
}
