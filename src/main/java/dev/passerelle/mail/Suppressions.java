package dev.passerelle.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.passerelle.support.Rows;

/**
 * A tenant's suppression list: addresses its emails are no longer sent to, because a message to
 * them bounced for good (a 5.x.x status) or its reader reported it as spam. An email is sent to
 * its addresses that are not on the list; with no To address left it is DROPPED at once with the
 * entry's reason, never offered to a server. Removing the entry (the tenant fixed the mailbox,
 * or the client asked again) lifts it.
 */
@Service
public class Suppressions {

    /** Why an address is on the list. */
    public enum Reason {
        /** A permanent failure: the mailbox does not exist, the domain refuses it. */
        HARD_BOUNCE,
        /** The reader marked a message as spam (a provider's complaint event). */
        COMPLAINT;

        String label() {
            return this == HARD_BOUNCE ? "bounced for good" : "reported as spam by its reader";
        }
    }

    /** One entry, as the API lists it. */
    public record Entry(String address, Reason reason, String detail, UUID emailId, Instant createdAt) {
    }

    /** What is left of an email's addresses, and the entries that took the others away. */
    record Filtered(List<Recipient> to, List<Recipient> cc, List<Recipient> bcc, List<Entry> suppressed) {

        boolean dropped() {
            return to.isEmpty();
        }

        String describe() {
            return String.join("; ", suppressed.stream().map(e -> e.address() + " is suppressed ("
                    + e.reason().label() + (e.detail() == null ? "" : ": " + e.detail()) + ")").toList());
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Suppressions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Puts the address on the list; true when it was not on it (the first reason stays). */
    boolean add(UUID tenantId, String address, Reason reason, String detail, UUID emailId) {
        String normalised = normalise(address);
        if (normalised == null) {
            return false;
        }
        return jdbc.sql("""
                INSERT INTO mail_suppression (tenant_id, address, reason, detail, email_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenantId, normalised, reason.name(), MailStore.clip(detail, 2000), emailId,
                        Timestamp.from(clock.instant()))
                .update() == 1;
    }

    public List<Entry> list(UUID tenantId, String after, int limit) {
        return jdbc.sql("""
                SELECT * FROM mail_suppression WHERE tenant_id = ? AND address > ? ORDER BY address LIMIT ?""")
                .params(tenantId, after == null || after.isBlank() ? "" : normalise(after), limit)
                .query((rs, i) -> entry(rs)).list();
    }

    public Optional<Entry> find(UUID tenantId, String address) {
        return jdbc.sql("SELECT * FROM mail_suppression WHERE tenant_id = ? AND address = ?")
                .params(tenantId, normalise(address)).query((rs, i) -> entry(rs)).optional();
    }

    /** Lifts the entry; false when the address was not on the list. */
    public boolean remove(UUID tenantId, String address) {
        return jdbc.sql("DELETE FROM mail_suppression WHERE tenant_id = ? AND address = ?")
                .params(tenantId, normalise(address)).update() == 1;
    }

    /** The email's addresses with the suppressed ones left out (one query for all of them). */
    Filtered filter(UUID tenantId, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc) {
        List<String> all = new ArrayList<>();
        for (List<Recipient> list : List.of(to, cc, bcc)) {
            list.forEach(r -> all.add(normalise(r.address())));
        }
        return filter(suppressed(tenantId, all), to, cc, bcc);
    }

    /** The entries among {@code addresses}, by normalised address: one query for a whole batch of a tenant's emails. */
    Map<String, Entry> suppressed(UUID tenantId, Collection<String> addresses) {
        Map<String, Entry> found = new LinkedHashMap<>();
        List<String> normalised = addresses.stream().map(Suppressions::normalise).filter(a -> a != null).distinct().toList();
        if (!normalised.isEmpty()) {
            jdbc.sql("SELECT * FROM mail_suppression WHERE tenant_id = :tenant AND address IN (:addresses)")
                    .param("tenant", tenantId).param("addresses", normalised)
                    .query((rs, i) -> entry(rs)).list().forEach(e -> found.put(e.address(), e));
        }
        return found;
    }

    /** The addresses with those in {@code suppressed} (from {@link #suppressed}) left out. */
    static Filtered filter(Map<String, Entry> suppressed, List<Recipient> to, List<Recipient> cc, List<Recipient> bcc) {
        if (suppressed.isEmpty()) {
            return new Filtered(to, cc, bcc, List.of());
        }
        Map<String, Entry> found = new LinkedHashMap<>();
        for (List<Recipient> list : List.of(to, cc, bcc)) {
            for (Recipient r : list) {
                Entry e = suppressed.get(normalise(r.address()));
                if (e != null) {
                    found.put(e.address(), e);
                }
            }
        }
        if (found.isEmpty()) {
            return new Filtered(to, cc, bcc, List.of());
        }
        return new Filtered(keep(to, found), keep(cc, found), keep(bcc, found), List.copyOf(found.values()));
    }

    private static List<Recipient> keep(List<Recipient> list, Map<String, Entry> suppressed) {
        return list.stream().filter(r -> !suppressed.containsKey(normalise(r.address()))).toList();
    }

    /** Addresses are compared without case: mailbox names are case-insensitive in practice. */
    static String normalise(String address) {
        return address == null || address.isBlank() ? null : address.strip().toLowerCase(Locale.ROOT);
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getString("address"), Reason.valueOf(rs.getString("reason")), rs.getString("detail"),
                Rows.uuid(rs, "email_id"), Rows.instant(rs, "created_at"));
    }
}
