package dev.passerelle.support;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a row's JSON text parses to, kept per row with the text it came from: a row read for every
 * event (a shop connection's settings, a tenant's automations) is parsed once, and a changed text,
 * edited on this instance or another, is parsed again. The values must be immutable: every reader
 * gets the same one. Bounded: past {@code max} rows it starts over (rows gone for good go too; the
 * live ones are parsed again).
 */
public final class ParsedOnce<K, V> {

    private final Map<K, Parsed<V>> parsed = new ConcurrentHashMap<>();
    private final int max;

    public ParsedOnce(int max) {
        this.max = max;
    }

    public V get(K row, String text, Function<String, V> parse) {
        Parsed<V> known = parsed.get(row);
        if (known != null && Objects.equals(known.text(), text)) {
            return known.value();
        }
        V value = parse.apply(text);
        if (parsed.size() >= max) {
            parsed.clear();
        }
        parsed.put(row, new Parsed<>(text, value));
        return value;
    }

    private record Parsed<V>(String text, V value) {
    }
}
