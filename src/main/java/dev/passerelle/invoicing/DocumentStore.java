package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.passerelle.support.Rows;
import tools.jackson.databind.json.JsonMapper;

/** SQL for documents, their lines, payments and history. */
@Repository
class DocumentStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    DocumentStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    /** Reasons a credit note is for: see {@link #insert(UUID, Document, String, Instant)}. */
    static final String CANCELS = "cancel";

    /** Returns false when a document for the same external record already exists. */
    boolean insert(UUID tenantId, Document d, Instant now) {
        return insert(tenantId, d, null, now);
    }

    /**
     * {@code creditReason}: for a credit note, why it credits its invoice: {@link #CANCELS} (one per
     * invoice) or {@code refund:<id>} (one per refund); null for any other document. Returns false
     * when a document for the same external record, or a credit note for the same reason, exists.
     */
    boolean insert(UUID tenantId, Document d, String creditReason, Instant now) {
        ExternalRef ref = d.externalRef();
        int inserted = jdbc.sql("""
                INSERT INTO document (id, tenant_id, kind, status, number, client_id, client_snapshot, currency,
                    prices_include_tax, total_net, total_tax, total, amount_paid, customer_note, internal_note,
                    issue_date, due_date, language, ext_source, ext_connection, ext_id, credit_note_for, credit_reason,
                    public_token, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(d.id(), tenantId, d.kind().name(), d.status().name(), d.number(), d.clientId(),
                        json.writeValueAsString(d.client()), d.currency(), d.pricesIncludeTax(), d.totalNet(),
                        d.totalTax(), d.total(), d.amountPaid(), d.customerNote(), d.internalNote(), date(d.issueDate()),
                        date(d.dueDate()), d.language(), ref == null ? null : ref.source(),
                        ref == null ? null : ref.connectionId(), ref == null ? null : ref.id(), d.creditNoteFor(),
                        creditReason, d.publicToken(), Timestamp.from(now), Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return false;
        }
        insertLines(d);
        return true;
    }

    private void insertLines(Document d) {
        List<Object[]> lines = new ArrayList<>(d.lines().size());
        for (Document.Line l : d.lines()) {
            lines.add(new Object[] {d.id(), l.position(), l.type().name(), l.description(), l.sku(), null, l.quantity(),
                    l.unitPrice(), l.discount(), l.taxRate(), l.taxLabel(), l.net(), l.tax(), l.gross()});
        }
        // One round trip for all lines.
        batches.batchUpdate("""
                INSERT INTO document_line (document_id, position, type, description, sku, product_id, quantity,
                    unit_price, discount, tax_rate, tax_label, net, tax, gross)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", lines);
    }

    /** A draft's new content: its row (client, currency, totals, notes, dates, language) and its lines, replaced. */
    void replaceDraft(Document d) {
        jdbc.sql("""
                UPDATE document SET client_id = ?, client_snapshot = ?, currency = ?, prices_include_tax = ?, total_net = ?,
                    total_tax = ?, total = ?, customer_note = ?, internal_note = ?, issue_date = ?, due_date = ?,
                    language = ?, updated_at = ?
                WHERE id = ? AND status = 'DRAFT'""")
                .params(d.clientId(), json.writeValueAsString(d.client()), d.currency(), d.pricesIncludeTax(),
                        d.totalNet(), d.totalTax(), d.total(), d.customerNote(), d.internalNote(), date(d.issueDate()),
                        date(d.dueDate()), d.language(), Timestamp.from(d.updatedAt()), d.id())
                .update();
        jdbc.sql("DELETE FROM document_line WHERE document_id = ?").param(d.id()).update();
        insertLines(d);
    }

    /** Deletes a draft with its lines and history (they cascade); false if it is not a draft (any more). */
    boolean deleteDraft(UUID id) {
        return jdbc.sql("DELETE FROM document WHERE id = ? AND status = 'DRAFT'").param(id).update() == 1;
    }

    Optional<Document> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM document WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query(this::document).optional();
    }

    /** The document's status, without its lines. */
    Optional<DocumentStatus> status(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT status FROM document WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query((rs, i) -> DocumentStatus.valueOf(rs.getString("status"))).optional();
    }

    /** Reads and row-locks the document until the transaction ends: transitions are serialised per document. */
    Optional<Document> lock(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM document WHERE id = ? AND tenant_id = ? FOR UPDATE").params(id, tenantId)
                .query(this::document).optional();
    }

    Optional<Document> findByExternalRef(UUID tenantId, DocumentKind kind, ExternalRef ref) {
        return jdbc.sql("""
                SELECT * FROM document WHERE tenant_id = ? AND kind = ? AND ext_source = ? AND ext_connection = ? AND ext_id = ?""")
                .params(tenantId, kind.name(), ref.source(), ref.connectionId(), ref.id()).query(this::document).optional();
    }

    Optional<Document> findByPublicToken(String token) {
        return jdbc.sql("SELECT * FROM document WHERE public_token = ?").param(token).query(this::document).optional();
    }

    UUID tenantOf(UUID documentId) {
        return jdbc.sql("SELECT tenant_id FROM document WHERE id = ?").param(documentId)
                .query((rs, i) -> Rows.uuid(rs, "tenant_id")).single();
    }

    /** The credit note that cancelled the invoice, if one did. */
    Optional<Document> creditNoteOf(UUID tenantId, UUID invoiceId) {
        return creditNote(tenantId, invoiceId, CANCELS);
    }

    Optional<Document> creditNote(UUID tenantId, UUID invoiceId, String reason) {
        return jdbc.sql("SELECT * FROM document WHERE tenant_id = ? AND credit_note_for = ? AND credit_reason = ?")
                .params(tenantId, invoiceId, reason).query(this::document).optional();
    }

    /** Every credit note of an invoice (cancellation and refunds), oldest first. */
    List<Document> creditNotesFor(UUID tenantId, UUID invoiceId) {
        return jdbc.sql("SELECT * FROM document WHERE tenant_id = ? AND credit_note_for = ? ORDER BY created_at, id")
                .params(tenantId, invoiceId).query(this::document).list();
    }

    /** The day of the latest payment recorded against a document. */
    Optional<LocalDate> lastPaidOn(UUID documentId) {
        return jdbc.sql("SELECT MAX(paid_on) FROM document_payment WHERE document_id = ?").param(documentId)
                .query((rs, i) -> rs.getDate(1)).list().stream().filter(java.util.Objects::nonNull).findFirst()
                .map(Date::toLocalDate);
    }

    /** How much of the invoice its credit notes have credited so far (a positive amount, or zero). */
    BigDecimal credited(UUID invoiceId) {
        return jdbc.sql("SELECT COALESCE(SUM(total), 0) FROM document WHERE credit_note_for = ?").param(invoiceId)
                .query(BigDecimal.class).single().negate();
    }

    /**
     * {@code search}: part of a number (any case) or a whole external id, as a person types either
     * into the console's search box; null for no search.
     */
    record Filter(UUID tenantId, DocumentKind kind, DocumentStatus status, UUID clientId, LocalDate issuedFrom,
                  LocalDate issuedTo, String externalId, String search, UUID before, int limit) {
    }


    List<DocumentSummary> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT * FROM document WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", f.tenantId());
        params.put("limit", f.limit());
        if (f.kind() != null) {
            sql.append(" AND kind = :kind");
            params.put("kind", f.kind().name());
        }
        if (f.status() != null) {
            sql.append(" AND status = :status");
            params.put("status", f.status().name());
        }
        if (f.clientId() != null) {
            sql.append(" AND client_id = :client");
            params.put("client", f.clientId());
        }
        if (f.issuedFrom() != null) {
            sql.append(" AND issue_date >= :from");
            params.put("from", date(f.issuedFrom()));
        }
        if (f.issuedTo() != null) {
            sql.append(" AND issue_date <= :to");
            params.put("to", date(f.issuedTo()));
        }
        if (f.externalId() != null) {
            // A credit note has no external record of its own; it is found by its invoice's (e.g. the shop order's).
            sql.append(" AND (ext_id = :ext OR credit_note_for IN"
                    + " (SELECT x.id FROM document x WHERE x.tenant_id = :tenant AND x.ext_id = :ext))");
            params.put("ext", f.externalId());
        }
        if (f.search() != null) {
            // '!' escapes LIKE's wildcards in what was typed: "2026_1" is not a pattern.
            sql.append(" AND (LOWER(number) LIKE :numberPart ESCAPE '!' OR ext_id = :search OR credit_note_for IN"
                    + " (SELECT s.id FROM document s WHERE s.tenant_id = :tenant AND s.ext_id = :search))");
            params.put("numberPart", "%" + f.search().toLowerCase(java.util.Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            params.put("search", f.search());
        }
        if (f.before() != null) {
            sql.append(" AND id < :before");
            params.put("before", f.before());
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbc.sql(sql.toString()).params(params).query((rs, i) -> {
            int scale = DocumentMath.scale(rs.getString("currency"));
            BigDecimal total = money(rs, "total", scale);
            Document.ClientSnapshot client = json.readValue(rs.getString("client_snapshot"), Document.ClientSnapshot.class);
            return new DocumentSummary(Rows.uuid(rs, "id"), DocumentKind.valueOf(rs.getString("kind")),
                    DocumentStatus.valueOf(rs.getString("status")), rs.getString("number"), Rows.uuid(rs, "client_id"),
                    client.name(), rs.getString("currency"), total, total.subtract(money(rs, "amount_paid", scale)),
                    localDate(rs, "issue_date"), localDate(rs, "due_date"), externalRef(rs), Rows.instant(rs, "created_at"));
        }).list();
    }

    /** Writes where a transition took the document: status, number, dates, amount paid. */
    void update(Document d) {
        update(d.id(), d.status(), d.number(), d.issueDate(), d.dueDate(), d.amountPaid(), d.updatedAt());
    }

    void update(UUID id, DocumentStatus status, String number, LocalDate issueDate, LocalDate dueDate,
                BigDecimal amountPaid, Instant now) {
        jdbc.sql("""
                UPDATE document SET status = ?, number = ?, issue_date = ?, due_date = ?, amount_paid = ?, updated_at = ?
                WHERE id = ?""")
                .params(status.name(), number, date(issueDate), date(dueDate), amountPaid, Timestamp.from(now), id)
                .update();
    }

    boolean markViewed(UUID id, DocumentStatus newStatus, Instant now) {
        return jdbc.sql("UPDATE document SET viewed_at = ?, status = ?, updated_at = ? WHERE id = ? AND viewed_at IS NULL")
                .params(Timestamp.from(now), newStatus.name(), Timestamp.from(now), id).update() == 1;
    }

    List<UUID> overdueCandidates(LocalDate today, int limit) {
        return jdbc.sql("""
                SELECT id FROM document WHERE kind = 'INVOICE' AND status IN ('ISSUED', 'SENT', 'VIEWED', 'PARTIALLY_PAID')
                AND due_date < ? AND overdue_at IS NULL ORDER BY due_date LIMIT ?""")
                .params(date(today), limit).query((rs, i) -> Rows.uuid(rs, "id")).list();
    }

    /** Marks one invoice overdue unless someone (another instance, a payment) got there first. */
    Optional<UUID> markOverdue(UUID id, LocalDate today, Instant now) {
        UUID tenant = tenantOf(id);
        int changed = jdbc.sql("""
                UPDATE document SET status = 'OVERDUE', overdue_at = ?, updated_at = ?
                WHERE id = ? AND overdue_at IS NULL AND due_date < ?
                AND status IN ('ISSUED', 'SENT', 'VIEWED', 'PARTIALLY_PAID')""")
                .params(Timestamp.from(now), Timestamp.from(now), id, date(today)).update();
        return changed == 1 ? Optional.of(tenant) : Optional.empty();
    }

    void addPayment(UUID documentId, UUID paymentId, Payment p, BigDecimal amount, Instant now) {
        jdbc.sql("""
                INSERT INTO document_payment (id, document_id, amount, paid_on, method, reference, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(paymentId, documentId, amount, date(p.date()), p.method(), p.reference(), Timestamp.from(now))
                .update();
    }

    record HistoryRow(UUID documentId, Instant at, String action, DocumentStatus from, DocumentStatus to, String actor,
                      String detail) {
    }

    void history(UUID documentId, String action, DocumentStatus from, DocumentStatus to, String actor, String detail,
                 Instant now) {
        history(List.of(new HistoryRow(documentId, now, action, from, to, actor, detail)));
    }

    /** In one round trip, in order. */
    void history(List<HistoryRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(rows.size());
        for (HistoryRow r : rows) {
            String detail = r.detail() == null || r.detail().length() <= 2000 ? r.detail() : r.detail().substring(0, 2000);
            args.add(new Object[] {r.documentId(), Timestamp.from(r.at()), r.action(),
                    r.from() == null ? null : r.from().name(), r.to().name(), r.actor(), detail});
        }
        batches.batchUpdate("""
                INSERT INTO document_history (document_id, at, action, from_status, to_status, actor, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", args);
    }

    List<DocumentHistoryEntry> history(UUID documentId) {
        return jdbc.sql("SELECT * FROM document_history WHERE document_id = ? ORDER BY id").param(documentId)
                .query((rs, i) -> new DocumentHistoryEntry(Rows.instant(rs, "at"), rs.getString("action"),
                        rs.getString("from_status") == null ? null : DocumentStatus.valueOf(rs.getString("from_status")),
                        DocumentStatus.valueOf(rs.getString("to_status")), rs.getString("actor"), rs.getString("detail")))
                .list();
    }

    private Document document(ResultSet rs, int row) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        String currency = rs.getString("currency");
        int scale = DocumentMath.scale(currency);
        List<Document.Line> lines = new ArrayList<>(jdbc.sql("SELECT * FROM document_line WHERE document_id = ? ORDER BY position")
                .param(id)
                .query((l, i) -> asStored(new Document.Line(l.getInt("position"), LineInput.Type.valueOf(l.getString("type")),
                        l.getString("description"), l.getString("sku"), l.getBigDecimal("quantity"),
                        l.getBigDecimal("unit_price"), l.getBigDecimal("discount"), l.getBigDecimal("tax_rate"),
                        l.getString("tax_label"), l.getBigDecimal("net"), l.getBigDecimal("tax"), l.getBigDecimal("gross")), scale))
                .list());
        DocumentMath.Totals totals = DocumentMath.totals(lines, scale);
        BigDecimal total = money(rs, "total", scale);
        BigDecimal paid = money(rs, "amount_paid", scale);
        return new Document(id, DocumentKind.valueOf(rs.getString("kind")), DocumentStatus.valueOf(rs.getString("status")),
                rs.getString("number"), Rows.uuid(rs, "client_id"),
                json.readValue(rs.getString("client_snapshot"), Document.ClientSnapshot.class), currency,
                rs.getBoolean("prices_include_tax"), lines, totals.taxes(), money(rs, "total_net", scale),
                money(rs, "total_tax", scale), total, paid, total.subtract(paid), rs.getString("customer_note"),
                rs.getString("internal_note"), localDate(rs, "issue_date"), localDate(rs, "due_date"),
                rs.getString("language"), externalRef(rs), Rows.uuid(rs, "credit_note_for"), rs.getString("public_token"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    /**
     * The document exactly as reading it back after {@link #insert} would return it, without the
     * read: the lines' numbers as the columns keep them (four decimals), then shown as every read
     * shows them. The totals are already at the currency's scale.
     */
    static Document asStored(Document d) {
        int scale = DocumentMath.scale(d.currency());
        List<Document.Line> lines = d.lines().stream().map(l -> asStored(l, scale)).toList();
        return new Document(d.id(), d.kind(), d.status(), d.number(), d.clientId(), d.client(), d.currency(),
                d.pricesIncludeTax(), lines, DocumentMath.totals(lines, scale).taxes(), d.totalNet(), d.totalTax(),
                d.total(), d.amountPaid(), d.balance(), d.customerNote(), d.internalNote(), d.issueDate(), d.dueDate(),
                d.language(), d.externalRef(), d.creditNoteFor(), d.publicToken(), d.createdAt(), d.updatedAt());
    }

    /** One line as its columns keep it and as every read shows it: quantities and rates plain, amounts in the currency. */
    private static Document.Line asStored(Document.Line l, int scale) {
        return new Document.Line(l.position(), l.type(), l.description(), l.sku(), plain(column(l.quantity())),
                plain(column(l.unitPrice())), money(l.discount(), scale), plain(column(l.taxRate())), l.taxLabel(),
                money(l.net(), scale), money(l.tax(), scale), money(l.gross(), scale));
    }

    /** The line columns are NUMERIC(_, 4); both databases round half away from zero. */
    private static BigDecimal column(BigDecimal value) {
        return value.setScale(4, RoundingMode.HALF_UP);
    }

    private static BigDecimal money(BigDecimal value, int scale) {
        return DocumentMath.round(column(value), scale);
    }

    private static ExternalRef externalRef(ResultSet rs) throws SQLException {
        String source = rs.getString("ext_source");
        return source == null ? null : new ExternalRef(source, Rows.uuid(rs, "ext_connection"), rs.getString("ext_id"));
    }

    private static BigDecimal money(ResultSet rs, String column, int scale) throws SQLException {
        return DocumentMath.round(rs.getBigDecimal(column), scale);
    }

    /** Quantities and rates without storage padding: 2 rather than 2.0000. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    java.util.Map<DocumentStatus, Long> countByStatus(UUID tenantId, java.time.Instant since) {
        java.util.Map<DocumentStatus, Long> counts = new java.util.EnumMap<>(DocumentStatus.class);
        jdbc.sql("SELECT status, COUNT(*) AS n FROM document WHERE tenant_id = ? AND created_at >= ? GROUP BY status")
                .params(tenantId, java.sql.Timestamp.from(since))
                .query(rs -> {
                    counts.put(DocumentStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }
}
