package dev.passerelle.invoicing.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.passerelle.support.Languages;
import org.junit.jupiter.api.Test;

/** Every language has every label the template and the code ask for, so no PDF fails on a missing key. */
class PdfLabelsTest {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    @Test
    void everyLanguageHasTheSameLabelsAsEnglishAndEveryTemplateLabelExists() throws IOException {
        Set<String> english = new TreeSet<>(bundle("en").keySet());
        for (String language : Languages.SUPPORTED) {
            ResourceBundle bundle = bundle(language);
            assertThat(new TreeSet<>(bundle.keySet())).as(language).isEqualTo(english);
            assertThat(bundle.getLocale().getLanguage()).as(language).isEqualTo(language);
            for (String key : english) {
                assertThat(bundle.getString(key)).as(language + ":" + key).isNotBlank();
            }
        }
        String template;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("pdf/document.html")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
        }
        Matcher msg = Pattern.compile("data-msg=\"([^\"]+)\"").matcher(template);
        int used = 0;
        while (msg.find()) {
            assertThat(english).as("template label").contains(msg.group(1));
            used++;
        }
        assertThat(used).isGreaterThan(20);
    }

    @Test
    void labelsAreReadAsUtf8() {
        assertThat(bundle("de").getString("orderConfirmation")).isEqualTo("Auftragsbestätigung");
        assertThat(bundle("fr").getString("dueDate")).isEqualTo("Échéance");
    }

    @Test
    void theDocumentsLanguageWinsThenTheTenantsThenEnglish() {
        assertThat(Languages.first("de", "fr")).isEqualTo("de");
        assertThat(Languages.first(null, "fr")).isEqualTo("fr");
        assertThat(Languages.first("pt", "NL")).isEqualTo("nl");
        assertThat(Languages.first(null, null)).isEqualTo("en");
    }

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("pdf.messages", Locale.forLanguageTag(language), NO_FALLBACK);
    }
}
