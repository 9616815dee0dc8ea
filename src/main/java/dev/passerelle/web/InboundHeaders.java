package dev.passerelle.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The few request headers an inbox event keeps, by name (lower-cased) and cut to a length: a
 * receiver lists what its handler needs and nothing else crosses the edge.
 */
public final class InboundHeaders {

    private InboundHeaders() {
    }

    public static Map<String, String> kept(HttpServletRequest request, int maxValueLength, String... names) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : names) {
            String value = request.getHeader(name);
            if (value != null) {
                kept.put(name.toLowerCase(Locale.ROOT),
                        value.length() > maxValueLength ? value.substring(0, maxValueLength) : value);
            }
        }
        return kept;
    }
}
