package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class ParsedOnceTest {

    private final List<String> parses = new ArrayList<>();
    private final Function<String, String> parse = text -> {
        parses.add(text);
        return text == null ? "none" : text.toUpperCase();
    };

    @Test
    void aRowsTextIsParsedOnceAndAgainWhenItChanges() {
        ParsedOnce<Integer, String> parsed = new ParsedOnce<>(10);

        assertThat(parsed.get(1, "{a}", parse)).isEqualTo("{A}");
        assertThat(parsed.get(1, new String("{a}"), parse)).isEqualTo("{A}");
        assertThat(parsed.get(2, "{a}", parse)).isEqualTo("{A}");
        assertThat(parsed.get(1, "{b}", parse)).isEqualTo("{B}");
        assertThat(parsed.get(1, null, parse)).isEqualTo("none");
        assertThat(parsed.get(1, null, parse)).isEqualTo("none");

        assertThat(parses).containsExactly("{a}", "{a}", "{b}", null);
    }

    @Test
    void pastItsBoundItStartsOver() {
        ParsedOnce<Integer, String> parsed = new ParsedOnce<>(2);
        parsed.get(1, "a", parse);
        parsed.get(2, "b", parse);
        parsed.get(3, "c", parse); // full: starts over, keeps only this one
        parsed.get(3, "c", parse);
        parsed.get(1, "a", parse);

        assertThat(parses).containsExactly("a", "b", "c", "a");
    }
}
