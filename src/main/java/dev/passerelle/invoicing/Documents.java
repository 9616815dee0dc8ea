package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import dev.passerelle.support.Languages;

/**
 * Business documents and their lifecycle: draft → issued → sent → viewed → paid (or partly
 * paid), overdue, cancelled (by a credit note). Each transition is locked per document,
 * kept in the document's history and published as a domain event in the same transaction.
 */
@Service
public class Documents {

    static final String SYSTEM = "system";

    private final DocumentStore store;
    private final Clients clients;
    private final Numbering numbering;
    private final CompanyProfiles profiles;
    private final DomainEvents events;
    private final Clock clock;

    Documents(DocumentStore store, Clients clients, Numbering numbering, CompanyProfiles profiles, DomainEvents events,
              Clock clock) {
        this.store = store;
        this.clients = clients;
        this.numbering = numbering;
        this.profiles = profiles;
        this.events = events;
        this.clock = clock;
    }

    public record Outcome(Document document, boolean created) {
    }

    /** Creates a draft once per external record; asking again returns the first one. */
    @Transactional
    public Outcome createOnce(UUID tenantId, DocumentDraft draft) {
        return createOnce(tenantId, draft, SYSTEM);
    }

    @Transactional
    public Outcome createOnce(UUID tenantId, DocumentDraft draft, String actor) {
        return createOnce(tenantId, draft, client(tenantId, draft), actor);
    }

    /** For callers that have just read or written the draft's client in this transaction. */
    @Transactional
    public Outcome createOnce(UUID tenantId, DocumentDraft draft, Client client, String actor) {
        Changes changes = new Changes(tenantId);
        return created(tenantId, draft, client, profiles.get(tenantId), actor, changes)
                .map(d -> new Outcome(changes.written(d, d), true))
                .orElseGet(() -> existing(tenantId, draft));
    }

    /**
     * A shop order's document in one pass: created once per external record and, when created,
     * issued at once and paid with {@code paidWith} (null: not paid), without reading back the row
     * this transaction has just written and holds locked. An existing document is returned as it is.
     */
    @Transactional
    public Outcome createIssuedOnce(UUID tenantId, DocumentDraft draft, Client client, Payment paidWith, String actor) {
        CompanyProfile profile = profiles.get(tenantId);
        Changes changes = new Changes(tenantId);
        Optional<Document> created = created(tenantId, draft, client, profile, actor, changes);
        if (created.isEmpty()) {
            return existing(tenantId, draft);
        }
        Document draftRow = created.get();
        Document issued = issue(draftRow, actor, profile, changes);
        boolean pay = paidWith != null && issued.kind() == DocumentKind.INVOICE && issued.balance().signum() > 0;
        // The row is updated once, to where issuing and paying have taken it.
        return new Outcome(changes.written(draftRow, pay ? pay(issued, paidWith, actor, changes) : issued), true);
    }

    /**
     * Inserts the draft with its lines unless the external record already has its document; its
     * history and event wait in {@code changes}. Returns the draft as a read would show it.
     */
    private Optional<Document> created(UUID tenantId, DocumentDraft draft, Client client, CompanyProfile profile,
                                       String actor, Changes changes) {
        if (!client.id().equals(draft.clientId())) {
            throw new IllegalArgumentException("client " + client.id() + " is not the draft's client " + draft.clientId());
        }
        // No look-up first: the insert's unique key on the external record decides, and callers that
        // deliver the same record again are the exception, not the rule.
        Document document = build(draft, client, profile);
        if (!store.insert(tenantId, document, document.createdAt())) {
            return Optional.empty();
        }
        changes.history(document, "created", null, actor, null, document.createdAt());
        changes.event(DocumentEvent.of(DocumentEvent.CREATED, document));
        return Optional.of(DocumentStore.asStored(document));
    }

    private Outcome existing(UUID tenantId, DocumentDraft draft) {
        return new Outcome(store.findByExternalRef(tenantId, draft.kind(), draft.externalRef()).orElseThrow(), false);
    }

    /**
     * Replaces what a draft says (client, currency, lines, notes, dates, language). Its kind,
     * external record and public link stay. Only drafts: an issued document is changed by
     * crediting or cancelling it.
     */
    @Transactional
    public Document replaceDraft(UUID tenantId, UUID documentId, DocumentDraft draft, String actor) {
        Document d = locked(tenantId, documentId);
        requireDraft(d, "changed");
        if (draft.kind() != null && draft.kind() != d.kind()) {
            throw new InvalidInput("kind: a draft keeps its kind (" + d.kind() + "); create a new document for another");
        }
        DocumentDraft same = new DocumentDraft(d.kind(), draft.clientId(), draft.currency(), draft.pricesIncludeTax(),
                draft.lines(), draft.customerNote(), draft.internalNote(), draft.issueDate(), draft.dueDate(),
                draft.language(), d.externalRef());
        Document built = build(same, client(tenantId, same), profiles.get(tenantId));
        Document replaced = new Document(d.id(), d.kind(), DocumentStatus.DRAFT, null, built.clientId(), built.client(),
                built.currency(), built.pricesIncludeTax(), built.lines(), built.taxes(), built.totalNet(),
                built.totalTax(), built.total(), built.amountPaid(), built.balance(), built.customerNote(),
                built.internalNote(), built.issueDate(), built.dueDate(), built.language(), d.externalRef(), null,
                d.publicToken(), d.createdAt(), clock.instant());
        store.replaceDraft(replaced);
        store.history(d.id(), "edited", DocumentStatus.DRAFT, DocumentStatus.DRAFT, actor, null, replaced.updatedAt());
        events.publish(tenantId, d.id(), DocumentEvent.of(DocumentEvent.UPDATED, replaced));
        return get(tenantId, documentId);
    }

    /** Deletes a draft (it has no number, so no gap is left); anything issued is cancelled instead. */
    @Transactional
    public void deleteDraft(UUID tenantId, UUID documentId, String actor) {
        Document d = locked(tenantId, documentId);
        requireDraft(d, "deleted");
        store.deleteDraft(d.id());
        events.publish(tenantId, d.id(), DocumentEvent.of(DocumentEvent.DELETED, d).deletedBy(actor));
    }

    private static void requireDraft(Document d, String what) {
        if (d.status() != DocumentStatus.DRAFT) {
            throw new Conflict("only a draft can be " + what + "; this document is "
                    + d.status().name().toLowerCase(Locale.ROOT) + (d.status() == DocumentStatus.CANCELLED ? ""
                    : " (cancel it, or credit it with POST /api/v1/documents/{id}/refunds)"));
        }
    }

    /** Gives the document its number. Issuing an issued document changes nothing. */
    @Transactional
    public Document issue(UUID tenantId, UUID documentId) {
        return issue(tenantId, documentId, SYSTEM);
    }

    @Transactional
    public Document issue(UUID tenantId, UUID documentId, String actor) {
        Document d = locked(tenantId, documentId);
        Changes changes = new Changes(tenantId);
        return changes.written(d, issue(d, actor, null, changes));
    }

    /** {@code profile}: the tenant's, if the caller has it; read when an invoice needs its payment terms. */
    private Document issue(Document d, String actor, CompanyProfile profile, Changes changes) {
        if (d.status() != DocumentStatus.DRAFT) {
            if (d.status() == DocumentStatus.CANCELLED && d.number() == null) {
                throw new Conflict("document " + d.id() + " was cancelled as a draft and cannot be issued");
            }
            return d;
        }
        LocalDate issueDate = d.issueDate() != null ? d.issueDate() : today();
        LocalDate dueDate = d.dueDate();
        if (dueDate == null && d.kind() == DocumentKind.INVOICE) {
            dueDate = issueDate.plusDays((profile != null ? profile : profiles.get(changes.tenantId)).paymentTermsDays());
        }
        String number = numbering.next(changes.tenantId, d.kind(), issueDate);
        Document issued = d.moved(DocumentStatus.ISSUED, number, issueDate, dueDate, d.amountPaid(), clock.instant());
        changes.history(issued, "issued", DocumentStatus.DRAFT, actor, "number " + number, issued.updatedAt());
        changes.event(DocumentEvent.of(DocumentEvent.ISSUED, issued));
        return issued;
    }

    /** Records a payment; a fully paid invoice is paid, asking again changes nothing. */
    @Transactional
    public Document markPaid(UUID tenantId, UUID documentId, Payment payment) {
        return markPaid(tenantId, documentId, payment, SYSTEM);
    }

    @Transactional
    public Document markPaid(UUID tenantId, UUID documentId, Payment payment, String actor) {
        Document d = locked(tenantId, documentId);
        Changes changes = new Changes(tenantId);
        return changes.written(d, pay(d, payment, actor, changes));
    }

    private Document pay(Document d, Payment payment, String actor, Changes changes) {
        if (d.kind() != DocumentKind.INVOICE) {
            throw new Conflict("only invoices are paid; this is a " + d.kind().name().toLowerCase(Locale.ROOT));
        }
        if (d.status() == DocumentStatus.PAID) {
            return d;
        }
        if (d.status() == DocumentStatus.DRAFT || d.status() == DocumentStatus.CANCELLED) {
            throw new Conflict("a " + d.status().name().toLowerCase(Locale.ROOT) + " invoice cannot be paid"
                    + (d.status() == DocumentStatus.DRAFT ? "; issue it first" : ""));
        }
        int scale = DocumentMath.scale(d.currency());
        BigDecimal amount = payment.amount() == null ? d.balance() : DocumentMath.round(payment.amount(), scale);
        if (amount.signum() <= 0) {
            throw new InvalidInput("amount: must be more than zero");
        }
        if (amount.compareTo(d.balance()) > 0) {
            throw new InvalidInput("amount: " + amount + " is more than the balance of " + d.balance());
        }
        Instant now = clock.instant();
        LocalDate paidOn = payment.date() != null ? payment.date() : today();
        store.addPayment(d.id(), Ids.newId(), new Payment(amount, paidOn, payment.method(), payment.reference()), amount, now);
        BigDecimal paid = d.amountPaid().add(amount);
        DocumentStatus next = paid.compareTo(d.total()) >= 0 ? DocumentStatus.PAID : DocumentStatus.PARTIALLY_PAID;
        Document updated = d.moved(next, d.number(), d.issueDate(), d.dueDate(), paid, now);
        changes.history(updated, "payment", d.status(), actor, amount + " " + d.currency() + " on " + paidOn
                + (payment.method() == null ? "" : " by " + payment.method()), now);
        changes.event(DocumentEvent.of(next == DocumentStatus.PAID ? DocumentEvent.PAID : DocumentEvent.PARTIALLY_PAID,
                updated).payment(amount, paidOn));
        return updated;
    }

    /**
     * Cancels a document. An issued invoice is cancelled by a credit note, which is returned;
     * cancelling again returns the same credit note.
     */
    @Transactional
    public Document cancel(UUID tenantId, UUID documentId, String reason) {
        return cancel(tenantId, documentId, reason, SYSTEM);
    }

    @Transactional
    public Document cancel(UUID tenantId, UUID documentId, String reason, String actor) {
        return cancelOnce(tenantId, documentId, reason, actor).document();
    }

    /**
     * {@link #cancel(UUID, UUID, String, String)}, saying whether this call cancelled it: a caller
     * that acts on the credit note (e.g. emails it) acts once.
     */
    @Transactional
    public Outcome cancelOnce(UUID tenantId, UUID documentId, String reason, String actor) {
        Document d = locked(tenantId, documentId);
        if (d.kind() == DocumentKind.CREDIT_NOTE) {
            throw new Conflict("a credit note cannot be cancelled");
        }
        if (d.status() == DocumentStatus.CANCELLED) {
            return new Outcome(store.creditNoteOf(tenantId, documentId).orElse(d), false);
        }
        Changes changes = new Changes(tenantId);
        Document cancelled = d.moved(DocumentStatus.CANCELLED, d.number(), d.issueDate(), d.dueDate(), d.amountPaid(),
                clock.instant());
        store.update(cancelled);
        DocumentEvent cancellation = DocumentEvent.of(DocumentEvent.CANCELLED, cancelled).because(reason);
        // Only an issued invoice is cancelled by a credit note; refunds credited before leave it the
        // rest to credit (spread over the tax rates like them), or nothing.
        boolean issuedInvoice = d.kind() == DocumentKind.INVOICE && d.status() != DocumentStatus.DRAFT;
        BigDecimal credited = issuedInvoice ? credited(d) : BigDecimal.ZERO;
        boolean creditedInFull = credited.signum() > 0 && credited.compareTo(d.total()) >= 0;
        if (!issuedInvoice || creditedInFull) {
            changes.history(cancelled, "cancelled", d.status(), actor, reason, cancelled.updatedAt());
            changes.event(cancellation);
            changes.flush();
            return new Outcome(cancelled, true);
        }
        List<Document.Line> lines = credited.signum() == 0 ? negated(d) : spread(d, d.total().subtract(credited),
                DocumentLabels.of(d.language()).apply("remainingAmount") + " " + d.number());
        Document creditNote = issuedCreditNote(d, lines, DocumentStore.CANCELS, "cancels " + d.number(), actor, changes);
        // The invoice's history and events name the credit note, as a refund's do: the trail leads to it.
        changes.history(cancelled, "cancelled", d.status(), actor, (reason == null || reason.isBlank() ? ""
                : reason.strip() + "; ") + "credit note " + creditNote.number() + " of " + creditNote.total().negate()
                + " " + d.currency(), cancelled.updatedAt());
        changes.event(DocumentEvent.of(DocumentEvent.CREDITED, cancelled)
                .creditNote(creditNote, creditNote.total().negate(), null).because(reason));
        changes.event(cancellation.creditNote(creditNote, null, null));
        changes.flush();
        return new Outcome(creditNote, true);
    }

    /**
     * A refund of (part of) an invoice: {@code id} is unique per invoice (the shop's refund id),
     * {@code amount} is what was paid back, tax included, and {@code reference} is how the line
     * names it, e.g. "#731 (order #727)".
     */
    public record Refund(String id, BigDecimal amount, String reference, String reason) {
    }

    /**
     * Credits one refund of an issued invoice with a credit note of its own, once per refund id.
     * A shop says only how much it refunded, not for which lines, so the amount is spread over
     * the invoice's tax rates in proportion to their share of its total. The invoice keeps its status.
     */
    @Transactional
    public Outcome creditRefund(UUID tenantId, UUID invoiceId, Refund refund, String actor) {
        Document invoice = locked(tenantId, invoiceId);
        String creditReason = "refund:" + refund.id();
        Optional<Document> done = store.creditNote(tenantId, invoiceId, creditReason);
        if (done.isPresent()) {
            return new Outcome(done.get(), false);
        }
        if (invoice.kind() != DocumentKind.INVOICE) {
            throw new Conflict("only invoices are credited; this is a " + invoice.kind().name().toLowerCase(Locale.ROOT));
        }
        if (invoice.status() == DocumentStatus.DRAFT || invoice.status() == DocumentStatus.CANCELLED) {
            throw new Conflict("a " + invoice.status().name().toLowerCase(Locale.ROOT) + " invoice is not credited"
                    + (invoice.status() == DocumentStatus.CANCELLED ? "; its credit note covers it all" : ""));
        }
        BigDecimal amount = refund.amount() == null ? null
                : DocumentMath.round(refund.amount(), DocumentMath.scale(invoice.currency()));
        if (amount == null || amount.signum() <= 0) {
            throw new InvalidInput("refund " + refund.id() + ": the amount must be more than zero");
        }
        BigDecimal open = invoice.total().subtract(credited(invoice));
        if (amount.compareTo(open) > 0) {
            throw new Conflict("refund " + refund.id() + " of " + amount + " " + invoice.currency() + " is more than the "
                    + open + " " + invoice.currency() + " of invoice " + invoice.number() + " not yet credited");
        }
        String line = DocumentLabels.of(invoice.language()).apply("refund") + " " + refund.reference()
                + (refund.reason() == null || refund.reason().isBlank() ? "" : ": " + refund.reason().strip());
        Changes changes = new Changes(tenantId);
        Document issued = issuedCreditNote(invoice, spread(invoice, amount, line.length() <= 900 ? line : line.substring(0, 900)),
                creditReason, "credits refund " + refund.reference() + " of " + invoice.number(), actor, changes);
        changes.history(invoice, "credited", invoice.status(), actor, amount + " " + invoice.currency()
                + " by credit note " + issued.number() + " for refund " + refund.reference(), issued.updatedAt());
        changes.event(DocumentEvent.of(DocumentEvent.CREDITED, invoice).creditNote(issued, amount, refund.id()));
        changes.flush();
        return new Outcome(issued, true);
    }

    /**
     * The server accepted an email carrying this document: an issued document becomes SENT (a paid or
     * viewed one keeps its status) with a {@code document.sent} event; a draft or cancelled one only
     * gains a line in its history. One locked read, nothing read back.
     */
    @Transactional
    public void emailSent(UUID tenantId, UUID documentId, String detail) {
        Document d = store.lock(tenantId, documentId).orElse(null);
        if (d == null) {
            return;
        }
        Instant now = clock.instant();
        if (d.status() == DocumentStatus.DRAFT || d.status() == DocumentStatus.CANCELLED) {
            store.history(d.id(), "email.sent", d.status(), d.status(), "mail", detail, now);
            return;
        }
        DocumentStatus next = d.status() == DocumentStatus.ISSUED ? DocumentStatus.SENT : d.status();
        Document sent = d.moved(next, d.number(), d.issueDate(), d.dueDate(), d.amountPaid(), now);
        Changes changes = new Changes(tenantId);
        changes.history(sent, "sent", d.status(), "mail", detail, now);
        changes.event(DocumentEvent.of(DocumentEvent.SENT, sent));
        changes.written(d, sent);
    }

    /**
     * Something happened to an email carrying this document (queued, deferred, failed, bounced,
     * unconfirmed): kept in the document's history without changing its status.
     */
    @Transactional
    public void recordEmail(UUID tenantId, UUID documentId, String action, String detail) {
        // The status alone: the lines are not needed for a line of history.
        DocumentStatus status = store.status(tenantId, documentId).orElseThrow(() -> new NotFound("document " + documentId));
        store.history(documentId, action, status, status, "mail", detail, clock.instant());
    }

    /** A step of another channel's delivery (e.g. {@code peppol.delivered}) in the document's history. */
    public void recordDelivery(UUID tenantId, UUID documentId, String channel, String action, String detail) {
        Document d = get(tenantId, documentId);
        store.history(d.id(), action, d.status(), d.status(), channel, detail, clock.instant());
    }

    /** A document its client opened by the public link, with its tenant (the link names none). */
    public record Viewed(UUID tenantId, Document document) {
    }

    /** The client opened the public link. Only the first view counts. */
    @Transactional
    public Optional<Viewed> viewByPublicToken(String token) {
        Optional<Document> found = store.findByPublicToken(token)
                .filter(d -> d.status() != DocumentStatus.DRAFT);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Document d = found.get();
        UUID tenantId = store.tenantOf(d.id());
        boolean unread = d.status() == DocumentStatus.ISSUED || d.status() == DocumentStatus.SENT;
        DocumentStatus next = unread ? DocumentStatus.VIEWED : d.status();
        Instant now = clock.instant();
        if (store.markViewed(d.id(), next, now)) {
            store.history(d.id(), "viewed", d.status(), next, "client", "public link", now);
            events.publish(tenantId, d.id(), DocumentEvent.of(DocumentEvent.VIEWED, d));
        }
        return Optional.of(new Viewed(tenantId, store.findByPublicToken(token).orElseThrow()));
    }

    /** A document a reader may follow to: its number and its public link's token. */
    public record Link(String number, String publicToken) {
    }

    /**
     * What a reader of an issued document is told beside it: when it was paid, which credit
     * notes cancelled or refunded it, or which invoice it credits.
     */
    public record Related(LocalDate paidOn, List<Link> creditNotes, Link creditedInvoice) {
    }

    public Related related(UUID tenantId, Document d) {
        LocalDate paidOn = d.status() == DocumentStatus.PAID ? store.lastPaidOn(d.id()).orElse(null) : null;
        List<Link> notes = d.kind() != DocumentKind.INVOICE ? List.of()
                : store.creditNotesFor(tenantId, d.id()).stream().filter(n -> n.number() != null)
                        .map(n -> new Link(n.number(), n.publicToken())).toList();
        Link credited = d.creditNoteFor() == null ? null
                : find(tenantId, d.creditNoteFor()).map(i -> new Link(i.number(), i.publicToken())).orElse(null);
        return new Related(paidOn, notes, credited);
    }

    /** Marks one overdue invoice (once, whichever instance gets there). */
    @Transactional
    public boolean markOverdue(UUID documentId) {
        Instant now = clock.instant();
        return store.markOverdue(documentId, today(), now).map(tenantId -> {
            Document d = get(tenantId, documentId);
            store.history(documentId, "overdue", null, DocumentStatus.OVERDUE, "system:overdue", "due " + d.dueDate(), now);
            events.publish(tenantId, documentId, DocumentEvent.of(DocumentEvent.OVERDUE, d));
            return true;
        }).orElse(false);
    }

    List<UUID> overdueCandidates(int limit) {
        return store.overdueCandidates(today(), limit);
    }

    public Optional<Document> find(UUID tenantId, UUID documentId) {
        return store.find(tenantId, documentId);
    }

    /** Whether the tenant has this document: for a link that only needs it to exist (its status, not its lines). */
    public boolean exists(UUID tenantId, UUID documentId) {
        return store.status(tenantId, documentId).isPresent();
    }

    public Document get(UUID tenantId, UUID documentId) {
        return find(tenantId, documentId).orElseThrow(() -> new NotFound("document " + documentId));
    }

    /** How much of the invoice its credit notes have credited (zero if none). */
    public BigDecimal credited(Document invoice) {
        return DocumentMath.round(store.credited(invoice.id()), DocumentMath.scale(invoice.currency()));
    }

    public Optional<Document> findByExternalRef(UUID tenantId, DocumentKind kind, ExternalRef ref) {
        return store.findByExternalRef(tenantId, kind, ref);
    }

    List<DocumentHistoryEntry> history(UUID tenantId, UUID documentId) {
        get(tenantId, documentId);
        return store.history(documentId);
    }

    List<DocumentSummary> list(DocumentStore.Filter filter) {
        return store.list(filter);
    }

    /** A tenant's documents of a kind and status issued in [from, to] (each may be null), newest first. */
    public List<DocumentSummary> list(UUID tenantId, DocumentKind kind, DocumentStatus status, LocalDate issuedFrom,
                                      LocalDate issuedTo, int limit) {
        return store.list(new DocumentStore.Filter(tenantId, kind, status, null, issuedFrom, issuedTo, null, null, null, limit));
    }

    private Document locked(UUID tenantId, UUID documentId) {
        return store.lock(tenantId, documentId).orElseThrow(() -> new NotFound("document " + documentId));
    }

    private Client client(UUID tenantId, DocumentDraft draft) {
        if (draft.clientId() == null) {
            throw new InvalidInput("clientId: required");
        }
        return clients.find(tenantId, draft.clientId())
                .orElseThrow(() -> new InvalidInput("clientId: no client " + draft.clientId()));
    }

    private Document build(DocumentDraft draft, Client client, CompanyProfile profile) {
        if (draft.kind() == null) {
            throw new InvalidInput("kind: one of INVOICE, CREDIT_NOTE, ORDER_CONFIRMATION, DELIVERY_NOTE");
        }
        if (draft.currency() == null || draft.currency().isBlank()) {
            throw new InvalidInput("currency: required (ISO 4217, e.g. EUR)");
        }
        String currency = draft.currency().strip().toUpperCase(Locale.ROOT);
        int scale;
        try {
            scale = DocumentMath.scale(currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("currency: " + e.getMessage());
        }
        if (draft.lines() == null || draft.lines().isEmpty()) {
            throw new InvalidInput("lines: at least one line");
        }
        for (int i = 0; i < draft.lines().size(); i++) {
            validate(draft.kind(), draft.lines().get(i), i);
        }
        List<Document.Line> lines = DocumentMath.lines(draft.lines(), draft.pricesIncludeTax(), scale);
        DocumentMath.Totals totals = DocumentMath.totals(lines, scale);
        String language = Languages.first(draft.language(), client.language(), profile.defaultLanguage());
        if (draft.issueDate() != null && draft.dueDate() != null && draft.dueDate().isBefore(draft.issueDate())) {
            throw new InvalidInput("dueDate: must not be before issueDate");
        }
        Document.ClientSnapshot snapshot = new Document.ClientSnapshot(client.name(), client.company(), client.emails(),
                client.billingAddress(), client.shippingAddress(), client.vatNumber());
        Instant now = clock.instant();
        return new Document(Ids.newId(), draft.kind(), DocumentStatus.DRAFT, null, client.id(), snapshot, currency,
                draft.pricesIncludeTax(), lines, totals.taxes(), totals.net(), totals.tax(), totals.total(),
                BigDecimal.ZERO.setScale(scale), totals.total(), draft.customerNote(), draft.internalNote(),
                draft.issueDate(), draft.dueDate(), language, draft.externalRef(), null, Tokens.urlToken(), now, now);
    }

    /** Credit lines for the whole invoice: its lines, negated. */
    private static List<Document.Line> negated(Document invoice) {
        List<Document.Line> lines = new ArrayList<>();
        for (Document.Line l : invoice.lines()) {
            lines.add(new Document.Line(l.position(), l.type(), l.description(), l.sku(), l.quantity().negate(),
                    l.unitPrice(), l.discount(), l.taxRate(), l.taxLabel(), l.net().negate(), l.tax().negate(),
                    l.gross().negate()));
        }
        return lines;
    }

    /**
     * Credit lines for {@code amount} (tax included) of the invoice: one line per tax rate, each
     * rate's share of the amount as its share of the invoice total; the last takes the rounding.
     */
    private static List<Document.Line> spread(Document invoice, BigDecimal amount, String description) {
        int scale = DocumentMath.scale(invoice.currency());
        List<Document.TaxTotal> rates = invoice.taxes().stream()
                .filter(t -> t.base().add(t.tax()).signum() != 0).toList();
        List<LineInput> lines = new ArrayList<>();
        BigDecimal left = amount;
        for (int i = 0; i < rates.size(); i++) {
            Document.TaxTotal rate = rates.get(i);
            BigDecimal part = i == rates.size() - 1 ? left : DocumentMath.round(amount.multiply(rate.base().add(rate.tax()))
                    .divide(invoice.total(), scale + 6, RoundingMode.HALF_UP), scale);
            left = left.subtract(part);
            BigDecimal net = DocumentMath.round(part.multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(100).add(rate.rate()), scale + 6, RoundingMode.HALF_UP), scale);
            lines.add(new LineInput(LineInput.Type.ITEM, rates.size() == 1 || rate.label() == null ? description
                    : description + " (" + rate.label() + ")", null, null, BigDecimal.ONE.negate(),
                    invoice.pricesIncludeTax() ? part : net, null, rate.rate(), rate.label(), net.negate(),
                    part.subtract(net).negate()));
        }
        if (lines.isEmpty()) {
            lines.add(new LineInput(LineInput.Type.ITEM, description, null, null, BigDecimal.ONE.negate(), amount, null,
                    null, null, amount.negate(), BigDecimal.ZERO));
        }
        return DocumentMath.lines(lines, invoice.pricesIncludeTax(), scale);
    }

    /**
     * Inserts a credit note of {@code invoice} with {@code lines} for {@code creditReason} (see
     * {@link DocumentStore#insert(UUID, Document, String, Instant)}) and issues it; its history and
     * events wait in {@code changes}. Returns it issued, as a read would show it.
     */
    private Document issuedCreditNote(Document invoice, List<Document.Line> lines, String creditReason, String detail,
                                      String actor, Changes changes) {
        Document note = creditNote(invoice, lines);
        store.insert(changes.tenantId, note, creditReason, note.createdAt());
        changes.history(note, "created", null, actor, detail, note.createdAt());
        changes.event(DocumentEvent.of(DocumentEvent.CREATED, note));
        Document issued = issue(DocumentStore.asStored(note), actor, null, changes);
        store.update(issued);
        return issued;
    }

    private Document creditNote(Document invoice, List<Document.Line> lines) {
        int scale = DocumentMath.scale(invoice.currency());
        DocumentMath.Totals totals = DocumentMath.totals(lines, scale);
        Instant now = clock.instant();
        return new Document(Ids.newId(), DocumentKind.CREDIT_NOTE, DocumentStatus.DRAFT, null, invoice.clientId(),
                invoice.client(), invoice.currency(), invoice.pricesIncludeTax(), lines, totals.taxes(), totals.net(),
                totals.tax(), totals.total(), BigDecimal.ZERO.setScale(scale), totals.total(), invoice.customerNote(),
                "Credits " + invoice.number(), null, today(), invoice.language(), null, invoice.id(),
                Tokens.urlToken(), now, now);
    }

    private static void validate(DocumentKind kind, LineInput line, int index) {
        String where = "lines[" + index + "].";
        if (line.description() == null || line.description().isBlank()) {
            throw new InvalidInput(where + "description: must not be blank");
        }
        // Taking something back is a credit note's job: an invoice with a negative line would credit
        // without saying so, and its number would stand for less than was sold.
        if (kind != DocumentKind.CREDIT_NOTE && line.quantity() != null && line.quantity().signum() < 0) {
            throw new InvalidInput(where + "quantity: must not be negative (" + line.quantity().toPlainString()
                    + "); to take back what was invoiced, credit the invoice (POST /api/v1/documents/{id}/refunds) "
                    + "or cancel it");
        }
        if (line.net() == null) {
            if (line.unitPrice() == null) {
                throw new InvalidInput(where + "unitPrice: required (or give net and tax)");
            }
            if (line.quantity() != null && line.quantity().signum() == 0) {
                throw new InvalidInput(where + "quantity: must not be zero");
            }
        }
        if (line.taxRate() != null && (line.taxRate().signum() < 0 || line.taxRate().compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new InvalidInput(where + "taxRate: a percentage between 0 and 100");
        }
        if (line.discount() != null && line.discount().signum() < 0) {
            throw new InvalidInput(where + "discount: an amount off, not negative");
        }
    }

    /**
     * The history rows and domain events of one transaction's steps on documents, kept until the
     * steps are done and then written together: one round trip each, however many steps.
     */
    private final class Changes {
        private final UUID tenantId;
        private final List<DocumentStore.HistoryRow> history = new ArrayList<>();
        private final List<DomainEvents.NewEvent> published = new ArrayList<>();

        Changes(UUID tenantId) {
            this.tenantId = tenantId;
        }

        void history(Document after, String action, DocumentStatus from, String actor, String detail, Instant at) {
            history.add(new DocumentStore.HistoryRow(after.id(), at, action, from, after.status(), actor, detail));
        }

        void event(DocumentEvent event) {
            published.add(new DomainEvents.NewEvent(event.documentId(), event));
        }

        /** Writes {@code after}'s row if a step moved it, then the history and events; returns {@code after}. */
        Document written(Document before, Document after) {
            if (after != before) {
                store.update(after);
            }
            flush();
            return after;
        }

        void flush() {
            store.history(history);
            events.publishAll(tenantId, published);
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The tenant's documents created since {@code since}, counted by status (the console's overview). */
    public java.util.Map<DocumentStatus, Long> countByStatus(UUID tenantId, java.time.Instant since) {
        return store.countByStatus(tenantId, since);
    }
}
