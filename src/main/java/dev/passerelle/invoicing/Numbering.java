package dev.passerelle.invoicing;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Conflict;

/**
 * Gapless document numbers per tenant and kind. The next value is read {@code FOR UPDATE} and
 * advanced in the transaction that issues the document: concurrent issuers queue on that row,
 * and a rolled-back issue rolls its number back, so there is never a gap or a duplicate.
 */
@Service
class Numbering {

    static final Map<DocumentKind, String> DEFAULT_TEMPLATES = Map.of(
            DocumentKind.INVOICE, "INV-{yyyy}-{seq:5}",
            DocumentKind.CREDIT_NOTE, "CN-{yyyy}-{seq:5}",
            DocumentKind.ORDER_CONFIRMATION, "OC-{yyyy}-{seq:5}",
            DocumentKind.DELIVERY_NOTE, "DN-{yyyy}-{seq:5}");
    private static final Pattern TOKEN = Pattern.compile("\\{(yyyy|yy|mm|seq(?::(\\d{1,2}))?)}");

    private final JdbcClient jdbc;

    Numbering(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Format(DocumentKind kind, String template, boolean yearlyReset, long nextNumber, String preview) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    String next(UUID tenantId, DocumentKind kind, LocalDate issueDate) {
        Settings settings = settings(tenantId, kind);
        String period = settings.yearlyReset() ? Integer.toString(issueDate.getYear()) : "";
        // The update takes the row lock that serialises numbering per (tenant, kind, period) until commit.
        if (advance(tenantId, kind, period) == 0) {
            jdbc.sql("INSERT INTO document_sequence (tenant_id, kind, period, next_value) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING")
                    .params(tenantId, kind.name(), period).update();
            advance(tenantId, kind, period);
        }
        long value = jdbc.sql("SELECT next_value - 1 FROM document_sequence WHERE tenant_id = ? AND kind = ? AND period = ?")
                .params(tenantId, kind.name(), period).query(Long.class).single();
        return render(settings.template(), issueDate, value);
    }

    private int advance(UUID tenantId, DocumentKind kind, String period) {
        return jdbc.sql("UPDATE document_sequence SET next_value = next_value + 1 WHERE tenant_id = ? AND kind = ? AND period = ?")
                .params(tenantId, kind.name(), period).update();
    }

    Format format(UUID tenantId, DocumentKind kind, LocalDate today) {
        Settings settings = settings(tenantId, kind);
        String period = settings.yearlyReset() ? Integer.toString(today.getYear()) : "";
        long next = jdbc.sql("SELECT next_value FROM document_sequence WHERE tenant_id = ? AND kind = ? AND period = ?")
                .params(tenantId, kind.name(), period).query(Long.class).optional().orElse(1L);
        return new Format(kind, settings.template(), settings.yearlyReset(), next, render(settings.template(), today, next));
    }

    /** Sets the template, the yearly reset and, optionally, the next number of the current period. */
    @Transactional
    Format configure(UUID tenantId, DocumentKind kind, String template, Boolean yearlyReset, Long nextNumber,
                     LocalDate today) {
        Settings current = settings(tenantId, kind);
        String newTemplate = template == null ? current.template() : validate(template);
        boolean reset = yearlyReset == null ? current.yearlyReset() : yearlyReset;
        jdbc.sql("DELETE FROM numbering_format WHERE tenant_id = ? AND kind = ?").params(tenantId, kind.name()).update();
        jdbc.sql("INSERT INTO numbering_format (tenant_id, kind, template, yearly_reset) VALUES (?, ?, ?, ?)")
                .params(tenantId, kind.name(), newTemplate, reset).update();
        if (nextNumber != null) {
            if (nextNumber < 1) {
                throw new InvalidInput("nextNumber: must be 1 or more");
            }
            String period = reset ? Integer.toString(today.getYear()) : "";
            long used = jdbc.sql("""
                    SELECT COUNT(*) FROM document WHERE tenant_id = ? AND kind = ? AND number = ?""")
                    .params(tenantId, kind.name(), render(newTemplate, today, nextNumber)).query(Long.class).single();
            if (used > 0) {
                throw new Conflict("number " + render(newTemplate, today, nextNumber) + " is already used");
            }
            jdbc.sql("INSERT INTO document_sequence (tenant_id, kind, period, next_value) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(tenantId, kind.name(), period, nextNumber).update();
            jdbc.sql("UPDATE document_sequence SET next_value = ? WHERE tenant_id = ? AND kind = ? AND period = ?")
                    .params(nextNumber, tenantId, kind.name(), period).update();
        }
        return format(tenantId, kind, today);
    }

    static String render(String template, LocalDate date, long value) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String token = m.group(1);
            String replacement;
            if (token.equals("yyyy")) {
                replacement = String.format("%04d", date.getYear());
            } else if (token.equals("yy")) {
                replacement = String.format("%02d", date.getYear() % 100);
            } else if (token.equals("mm")) {
                replacement = String.format("%02d", date.getMonthValue());
            } else {
                int width = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
                replacement = String.format("%0" + width + "d", value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String validate(String template) {
        String t = template.strip();
        if (t.isEmpty() || t.length() > 60) {
            throw new InvalidInput("template: 1 to 60 characters");
        }
        if (!TOKEN.matcher(t).results().anyMatch(r -> r.group(1).startsWith("seq"))) {
            throw new InvalidInput("template: must contain {seq} or {seq:N}, e.g. INV-{yyyy}-{seq:5}");
        }
        if (t.replaceAll(TOKEN.pattern(), "").matches(".*[{}].*")) {
            throw new InvalidInput("template: unknown placeholder; use {yyyy}, {yy}, {mm}, {seq} or {seq:N}");
        }
        return t;
    }

    private record Settings(String template, boolean yearlyReset) {
    }

    private Settings settings(UUID tenantId, DocumentKind kind) {
        Optional<Settings> stored = jdbc.sql("SELECT template, yearly_reset FROM numbering_format WHERE tenant_id = ? AND kind = ?")
                .params(tenantId, kind.name())
                .query((rs, i) -> new Settings(rs.getString("template"), rs.getBoolean("yearly_reset"))).optional();
        return stored.orElse(new Settings(DEFAULT_TEMPLATES.get(kind), true));
    }
}
