package dev.passerelle.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Languages;

/**
 * Email templates per message kind and language: built-in ones from
 * {@code classpath:mail/templates/<language>.yaml}, overridden per tenant through the API.
 * A template is a subject and a plain-text body with {@code {placeholders}}; its HTML part is
 * made from the text (escaped, paragraphs, links) unless the template brings its own HTML.
 */
@Component
class MailTemplates {

    static final List<String> KINDS = List.of("document.invoice", "document.paid", "document.credit_note",
            "document.order_confirmation", "document.delivery_note", "test", "notification", "delivery_problem",
            "task.due");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+\\.[a-zA-Z]+)}");
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    /** Values kept on their lines; a task's are each a paragraph of their own, with its blank line, or empty. */
    private static final Set<String> MULTILINE = Set.of("notification.body", "task.about", "task.notes");

    record Template(String subject, String text, String html) {
    }

    record Rendered(String subject, String text, String html) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<String, Map<String, Template>> builtIn = new ConcurrentHashMap<>();

    MailTemplates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Template builtIn(String kind, String language) {
        Template t = builtIns(language).get(kind);
        return t != null ? t : builtIns("en").get(kind);
    }

    Optional<Template> override(UUID tenantId, String kind, String language) {
        return jdbc.sql("SELECT subject, text_body, html_body FROM mail_template WHERE tenant_id = ? AND kind = ? AND language = ?")
                .params(tenantId, kind, language)
                .query((rs, i) -> new Template(rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body")))
                .optional();
    }

    Template effective(UUID tenantId, String kind, String language) {
        return override(tenantId, kind, language).orElseGet(() -> builtIn(kind, language));
    }

    void saveOverride(UUID tenantId, String kind, String language, Template t) {
        check(kind, language);
        if (t.subject() == null || t.subject().isBlank() || t.subject().length() > 1000) {
            throw new InvalidInput("subject: 1 to 1000 characters");
        }
        if (t.text() == null || t.text().isBlank()) {
            throw new InvalidInput("text: the plain-text body is required (it is the alternative to HTML)");
        }
        jdbc.sql("DELETE FROM mail_template WHERE tenant_id = ? AND kind = ? AND language = ?")
                .params(tenantId, kind, language).update();
        jdbc.sql("""
                INSERT INTO mail_template (tenant_id, kind, language, subject, text_body, html_body, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(tenantId, kind, language, t.subject().strip(), t.text(),
                        t.html() == null || t.html().isBlank() ? null : t.html(), Timestamp.from(clock.instant()))
                .update();
    }

    boolean deleteOverride(UUID tenantId, String kind, String language) {
        check(kind, language);
        return jdbc.sql("DELETE FROM mail_template WHERE tenant_id = ? AND kind = ? AND language = ?")
                .params(tenantId, kind, language).update() > 0;
    }

    static void check(String kind, String language) {
        if (!KINDS.contains(kind)) {
            throw new InvalidInput("kind: one of " + String.join(", ", KINDS));
        }
        if (!Languages.SUPPORTED.contains(language)) {
            throw new InvalidInput("language: one of " + Languages.listed());
        }
    }

    /** Fills a template. Unknown placeholders stay as written, so a typo shows in the preview. */
    static Rendered render(Template t, Map<String, String> values, String language) {
        String subject = fill(t.subject(), values, false).replaceAll("[\\r\\n]+", " ").strip();
        String text = fill(t.text(), values, false);
        String html = t.html() != null ? fill(t.html(), values, true) : layout(subject, htmlFromText(text), language);
        return new Rendered(subject, text, html);
    }

    private static String fill(String template, Map<String, String> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            String replacement;
            if (value == null) {
                replacement = values.containsKey(m.group(1)) ? "" : m.group();
            } else if (html) {
                replacement = HtmlUtils.htmlEscape(value, "UTF-8");
            } else {
                replacement = MULTILINE.contains(m.group(1)) ? value : value.replaceAll("[\\r\\n]+", " ");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Paragraphs from blank lines, line breaks kept, URLs made links; everything else escaped. */
    static String htmlFromText(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            String escaped = HtmlUtils.htmlEscape(paragraph.strip(), "UTF-8");
            Matcher m = URL.matcher(escaped);
            StringBuilder linked = new StringBuilder();
            while (m.find()) {
                String url = m.group();
                m.appendReplacement(linked, Matcher.quoteReplacement("<a href=\"" + url + "\">" + url + "</a>"));
            }
            m.appendTail(linked);
            html.append("<p style=\"margin:0 0 16px\">").append(linked.toString().replaceAll("\\R", "<br>\n")).append("</p>\n");
        }
        return html.toString();
    }

    private static String layout(String subject, String body, String language) {
        return "<!DOCTYPE html>\n<html lang=\"" + language + "\">\n<head>\n<meta charset=\"UTF-8\">\n<title>"
                + HtmlUtils.htmlEscape(subject, "UTF-8") + "</title>\n</head>\n"
                + "<body style=\"margin:0;padding:0;background:#f6f6f6\">\n"
                + "<div style=\"max-width:600px;margin:0 auto;padding:24px;background:#ffffff;"
                + "font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#222222\">\n"
                + body + "</div>\n</body>\n</html>\n";
    }

    private Map<String, Template> builtIns(String language) {
        return builtIn.computeIfAbsent(language, MailTemplates::load);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Template> load(String language) {
        String path = "/mail/templates/" + language + ".yaml";
        try (InputStream in = MailTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, Object> raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            Map<String, Template> templates = new ConcurrentHashMap<>();
            raw.forEach((kind, v) -> {
                Map<String, String> t = (Map<String, String>) v;
                templates.put(kind, new Template(t.get("subject"), t.get("text"), t.get("html")));
            });
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
