package dev.passerelle.support;

import java.util.List;
import java.util.Locale;

/** The languages documents, emails and profiles come in: one list, so a seventh is added once. */
public final class Languages {

    /** ISO 639-1 codes, the default first. */
    public static final List<String> SUPPORTED = List.of("en", "fr", "de", "it", "es", "nl");
    public static final String DEFAULT = "en";

    private Languages() {
    }

    public static boolean isSupported(String code) {
        return code != null && SUPPORTED.contains(code.toLowerCase(Locale.ROOT));
    }

    /** The first supported candidate (lower-cased), else the default: document, then client, then tenant. */
    public static String first(String... candidates) {
        for (String c : candidates) {
            if (isSupported(c)) {
                return c.toLowerCase(Locale.ROOT);
            }
        }
        return DEFAULT;
    }

    /** For error messages: "one of en, fr, de, it, es, nl". */
    public static String listed() {
        return String.join(", ", SUPPORTED);
    }
}
