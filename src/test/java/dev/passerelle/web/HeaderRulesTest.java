package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header rule, written out, is Spring's own rule (and the server applies it: ErrorContractTest). */
class HeaderRulesTest {

    @Test
    void everyCodePointIsJudgedAsSpringJudgesIt() {
        StringBuilder mismatches = new StringBuilder();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String one = Character.toString(codePoint);
            String inText = "x-" + one + "-y";
            for (String text : List.of(one, inText)) {
                same(text, StrictHttpFirewall.ALLOWED_HEADER_NAMES, HeaderRules::allowedName, mismatches);
                same(text, StrictHttpFirewall.ALLOWED_HEADER_VALUES, HeaderRules::allowedValue, mismatches);
            }
        }
        assertThat(mismatches).as("code points judged otherwise").isEmpty();
    }

    @Test
    void loneSurrogatesEmptyTextAndRandomMixesAreJudgedAsSpringJudgesThem() {
        StringBuilder mismatches = new StringBuilder();
        List<String> texts = new ArrayList<>(List.of("", "\uD800", "a\uDC00b", "\uDBFF\uDFFF", "\uD83D\uDE00",
                "tab\there", "line\nbreak", "del\u007F", "nbsp\u00A0", "sha256=abc", "order.created"));
        Random random = new Random(18);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                text.appendCodePoint(random.nextBoolean() ? random.nextInt(0x300) : random.nextInt(Character.MAX_CODE_POINT + 1));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            same(text, StrictHttpFirewall.ALLOWED_HEADER_NAMES, HeaderRules::allowedName, mismatches);
            same(text, StrictHttpFirewall.ALLOWED_HEADER_VALUES, HeaderRules::allowedValue, mismatches);
        }
        assertThat(mismatches).isEmpty();
    }

    private static void same(String text, Predicate<String> spring, Predicate<String> ours, StringBuilder mismatches) {
        if (spring.test(text) != ours.test(text)) {
            mismatches.append(text.codePoints().mapToObj(Integer::toHexString).toList()).append(' ');
        }
    }
}
