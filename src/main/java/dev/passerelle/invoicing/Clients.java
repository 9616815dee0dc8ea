package dev.passerelle.invoicing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.support.Address;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Languages;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients of a tenant. A returning buyer is recognised by an external reference (e.g. the
 * shop's customer id) or by any of their e-mail addresses; the {@code client_email} primary key
 * makes that hold under concurrency too.
 */
@Service
public class Clients {

    static final int MAX_EMAILS = 3;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DomainEvents events;
    private final Clock clock;

    Clients(JdbcClient jdbc, JsonMapper json, DomainEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Client create(UUID tenantId, ClientInput input) {
        ClientInput in = validated(input);
        for (String email : in.emails()) {
            if (ownerOf(tenantId, email).isPresent()) {
                throw new Conflict("a client with e-mail " + email + " already exists; update it or use upsert");
            }
        }
        return insert(tenantId, in).orElseThrow(() ->
                new Conflict("a client with one of these e-mail addresses was created at the same time"));
    }

    /**
     * Finds the client by external reference, then by e-mail; updates it, or creates it. Without a
     * name, an update keeps the client's and a new client is named by its first e-mail address.
     */
    @Transactional
    public Client upsert(UUID tenantId, ClientInput input) {
        ClientInput in = fieldsValidated(input);
        Optional<UUID> existing = in.externalRef() == null ? Optional.empty() : byRef(tenantId, in.externalRef());
        for (int i = 0; existing.isEmpty() && i < in.emails().size(); i++) {
            existing = ownerOf(tenantId, in.emails().get(i));
        }
        if (existing.isPresent()) {
            return merge(tenantId, existing.get(), in);
        }
        ClientInput named = in;
        if (in.name() == null) {
            if (in.emails().isEmpty()) {
                throw new InvalidInput("name: must not be blank");
            }
            named = new ClientInput(in.emails().get(0), in.company(), in.emails(), in.phone(), in.billingAddress(),
                    in.shippingAddress(), in.vatNumber(), in.language(), in.externalRef());
        }
        Optional<Client> created = insert(tenantId, named);
        if (created.isPresent()) {
            return created.get();
        }
        // Another transaction claimed one of the addresses first: that client is this buyer.
        UUID winner = in.emails().stream().map(e -> ownerOf(tenantId, e)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("client e-mail claimed but no owner found"));
        return merge(tenantId, winner, in);
    }

    /**
     * For callers that have just read, in this transaction, the client the input belongs to (by its
     * external reference, or else its first e-mail): merged as {@link #upsert} would, without
     * looking the client up again.
     */
    @Transactional
    public Client merge(UUID tenantId, Client known, ClientInput input) {
        return mergeInto(tenantId, known, validated(input));
    }

    @Transactional
    public Client update(UUID tenantId, UUID clientId, ClientInput input) {
        get(tenantId, clientId);
        ClientInput in = validated(input);
        for (String email : in.emails()) {
            Optional<UUID> owner = ownerOf(tenantId, email);
            if (owner.isPresent() && !owner.get().equals(clientId)) {
                throw new Conflict("e-mail " + email + " belongs to another client (" + owner.get() + ")");
            }
        }
        write(tenantId, clientId, in, clock.instant());
        jdbc.sql("DELETE FROM client_email WHERE client_id = ? AND tenant_id = ?").params(clientId, tenantId).update();
        claimEmails(tenantId, clientId, in.emails());
        addRef(tenantId, clientId, in.externalRef());
        return get(tenantId, clientId);
    }

    public Optional<Client> find(UUID tenantId, UUID clientId) {
        return withRefs(jdbc.sql("SELECT * FROM client WHERE id = ? AND tenant_id = ?").params(clientId, tenantId)
                .query(this::client).optional());
    }

    /** Whether the tenant has this client: for a link that only needs it to exist (one look-up, no refs read). */
    public boolean exists(UUID tenantId, UUID clientId) {
        return jdbc.sql("SELECT COUNT(*) FROM client WHERE id = ? AND tenant_id = ?").params(clientId, tenantId)
                .query(Long.class).single() > 0;
    }

    public Client get(UUID tenantId, UUID clientId) {
        return find(tenantId, clientId).orElseThrow(() -> new NotFound("client " + clientId));
    }

    /** The client linked to an external record (e.g. a shop's customer id), if any. */
    public Optional<Client> findByExternalRef(UUID tenantId, ExternalRef ref) {
        return withRefs(jdbc.sql("""
                SELECT c.* FROM client_ref r JOIN client c ON c.id = r.client_id AND c.tenant_id = r.tenant_id
                WHERE r.tenant_id = ? AND r.source = ? AND r.connection_id = ? AND r.external_id = ?""")
                .params(tenantId, ref.source(), ref.connectionId(), ref.id()).query(this::client).optional());
    }

    /**
     * The clients linked to an external record of {@code source} with this id, whatever the
     * connection (each shop or installation links its own), newest first.
     */
    public List<Client> findByExternalId(UUID tenantId, String source, String externalId) {
        List<Client> found = jdbc.sql("""
                SELECT c.* FROM client_ref r JOIN client c ON c.id = r.client_id AND c.tenant_id = r.tenant_id
                WHERE r.tenant_id = ? AND r.source = ? AND r.external_id = ?
                ORDER BY c.created_at DESC, c.id DESC""")
                .params(tenantId, source, externalId).query(this::client).list();
        Map<UUID, Client> distinct = new java.util.LinkedHashMap<>();
        found.forEach(c -> distinct.putIfAbsent(c.id(), c));
        return withRefs(List.copyOf(distinct.values()));
    }

    public Optional<Client> findByEmail(UUID tenantId, String email) {
        return withRefs(jdbc.sql("""
                SELECT c.* FROM client_email e JOIN client c ON c.id = e.client_id AND c.tenant_id = e.tenant_id
                WHERE e.tenant_id = ? AND e.email = ?""")
                .params(tenantId, normalise(email)).query(this::client).optional());
    }

    /** A keyset page of the tenant's clients matching {@code query}: the lists other features' pages choose from. */
    public List<Client> list(UUID tenantId, String query, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM client WHERE tenant_id = :tenant");
        if (query != null && !query.isBlank()) {
            sql.append(" AND (LOWER(name) LIKE :q OR LOWER(company) LIKE :q OR LOWER(emails) LIKE :q)");
        }
        if (after != null) {
            sql.append(" AND id > :after");
        }
        sql.append(" ORDER BY id LIMIT :limit");
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("tenant", tenantId).param("limit", limit);
        if (query != null && !query.isBlank()) {
            spec = spec.param("q", "%" + query.strip().toLowerCase(Locale.ROOT) + "%");
        }
        if (after != null) {
            spec = spec.param("after", after);
        }
        return withRefs(spec.query(this::client).list());
    }

    /**
     * Clients by id, each only if it is its tenant's as given ({@code tenantByClient}): two queries
     * for any number, for workers that handle a batch of events of many tenants.
     */
    public Map<UUID, Client> findAll(Map<UUID, UUID> tenantByClient) {
        if (tenantByClient.isEmpty()) {
            return Map.of();
        }
        List<Client> rows = jdbc.sql("SELECT * FROM client WHERE id IN (:ids)").param("ids", tenantByClient.keySet())
                .query((rs, i) -> Rows.uuid(rs, "tenant_id").equals(tenantByClient.get(Rows.uuid(rs, "id")))
                        ? client(rs, i) : null)
                .list().stream().filter(Objects::nonNull).toList();
        Map<UUID, Client> found = new HashMap<>();
        withRefs(rows).forEach(c -> found.put(c.id(), c));
        return found;
    }

    private Optional<Client> insert(UUID tenantId, ClientInput in) {
        UUID id = Ids.newId();
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO client (id, tenant_id, name, company, emails, phone, billing_address, shipping_address,
                                    vat_number, language, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, in.name(), in.company(), json.writeValueAsString(in.emails()), in.phone(),
                        toJson(in.billingAddress()), toJson(in.shippingAddress()), in.vatNumber(), in.language(),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        if (!claimEmails(tenantId, id, in.emails())) {
            jdbc.sql("DELETE FROM client WHERE id = ?").param(id).update();
            return Optional.empty();
        }
        addRef(tenantId, id, in.externalRef());
        events.publish(tenantId, id, new ClientCreated(id, in.name(), in.emails()));
        return find(tenantId, id);
    }

    /** Fills what the client lacked and adds new addresses and references; never removes anything. */
    private Client merge(UUID tenantId, UUID clientId, ClientInput in) {
        return mergeInto(tenantId, get(tenantId, clientId), in);
    }

    /** Returns the client as a read would; reads it back only when a new external reference was linked. */
    private Client mergeInto(UUID tenantId, Client current, ClientInput in) {
        Set<String> emails = new LinkedHashSet<>(current.emails());
        List<String> added = new ArrayList<>();
        for (String email : in.emails()) {
            if (emails.size() < MAX_EMAILS && emails.stream().noneMatch(e -> e.equalsIgnoreCase(email))
                    && ownerOf(tenantId, email).isEmpty()) {
                emails.add(email);
                added.add(email);
            }
        }
        ClientInput merged = new ClientInput(
                first(in.name(), current.name()), first(in.company(), current.company()), new ArrayList<>(emails),
                first(in.phone(), current.phone()),
                in.billingAddress() != null ? in.billingAddress() : current.billingAddress(),
                in.shippingAddress() != null ? in.shippingAddress() : current.shippingAddress(),
                first(in.vatNumber(), current.vatNumber()), first(in.language(), current.language()), null);
        Instant now = clock.instant();
        write(tenantId, current.id(), merged, now);
        // The addresses it had are its own already.
        claimEmails(tenantId, current.id(), added);
        if (in.externalRef() != null && !current.externalRefs().contains(in.externalRef())) {
            addRef(tenantId, current.id(), in.externalRef());
            return get(tenantId, current.id());
        }
        return new Client(current.id(), merged.name(), merged.company(), merged.emails(), merged.phone(),
                merged.billingAddress(), merged.shippingAddress(), merged.vatNumber(), merged.language(),
                current.externalRefs(), current.createdAt(), now);
    }

    private void write(UUID tenantId, UUID clientId, ClientInput in, Instant now) {
        jdbc.sql("""
                UPDATE client SET name = ?, company = ?, emails = ?, phone = ?, billing_address = ?, shipping_address = ?,
                       vat_number = ?, language = ?, updated_at = ?
                WHERE id = ? AND tenant_id = ?""")
                .params(in.name(), in.company(), json.writeValueAsString(in.emails()), in.phone(),
                        toJson(in.billingAddress()), toJson(in.shippingAddress()), in.vatNumber(), in.language(),
                        Timestamp.from(now), clientId, tenantId)
                .update();
    }

    /** Returns false if another client already owns one of the addresses. */
    private boolean claimEmails(UUID tenantId, UUID clientId, List<String> emails) {
        for (String email : emails) {
            int inserted = jdbc.sql("INSERT INTO client_email (tenant_id, email, client_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(tenantId, normalise(email), clientId).update();
            if (inserted == 0 && !ownerOf(tenantId, email).map(clientId::equals).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    private void addRef(UUID tenantId, UUID clientId, ExternalRef ref) {
        if (ref != null) {
            jdbc.sql("""
                    INSERT INTO client_ref (tenant_id, source, connection_id, external_id, client_id) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")
                    .params(tenantId, ref.source(), ref.connectionId(), ref.id(), clientId).update();
        }
    }

    private Optional<UUID> byRef(UUID tenantId, ExternalRef ref) {
        return jdbc.sql("SELECT client_id FROM client_ref WHERE tenant_id = ? AND source = ? AND connection_id = ? AND external_id = ?")
                .params(tenantId, ref.source(), ref.connectionId(), ref.id())
                .query((rs, i) -> Rows.uuid(rs, "client_id")).optional();
    }

    private Optional<UUID> ownerOf(UUID tenantId, String email) {
        return jdbc.sql("SELECT client_id FROM client_email WHERE tenant_id = ? AND email = ?")
                .params(tenantId, normalise(email)).query((rs, i) -> Rows.uuid(rs, "client_id")).optional();
    }

    private Optional<Client> withRefs(Optional<Client> client) {
        return client.map(c -> withRefs(List.of(c)).get(0));
    }

    /** The clients with their external records, read in one query for all of them (a list is not N + 1). */
    private List<Client> withRefs(List<Client> clients) {
        if (clients.isEmpty()) {
            return clients;
        }
        Map<UUID, List<ExternalRef>> refs = new HashMap<>();
        jdbc.sql("""
                SELECT client_id, source, connection_id, external_id FROM client_ref WHERE client_id IN (:ids)
                ORDER BY source, external_id""")
                .param("ids", clients.stream().map(Client::id).toList())
                .query((RowCallbackHandler) rs -> refs.computeIfAbsent(
                        Rows.uuid(rs, "client_id"), k -> new ArrayList<>()).add(new ExternalRef(rs.getString("source"),
                        Rows.uuid(rs, "connection_id"), rs.getString("external_id"))));
        return clients.stream().map(c -> new Client(c.id(), c.name(), c.company(), c.emails(), c.phone(),
                c.billingAddress(), c.shippingAddress(), c.vatNumber(), c.language(),
                List.copyOf(refs.getOrDefault(c.id(), List.of())), c.createdAt(), c.updatedAt())).toList();
    }

    private ClientInput validated(ClientInput in) {
        if (in == null || in.name() == null || in.name().isBlank()) {
            throw new InvalidInput("name: must not be blank");
        }
        return fieldsValidated(in);
    }

    /** Every field checked and trimmed, except that the name may be missing (null). */
    private ClientInput fieldsValidated(ClientInput in) {
        if (in == null) {
            throw new InvalidInput("name: must not be blank");
        }
        List<String> emails = new ArrayList<>();
        for (String email : in.emails() == null ? List.<String>of() : in.emails()) {
            if (email == null || email.isBlank()) {
                continue;
            }
            String trimmed = email.strip();
            if (!trimmed.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || trimmed.length() > 320) {
                throw new InvalidInput("emails: '" + trimmed + "' is not an e-mail address");
            }
            if (emails.stream().noneMatch(e -> e.equalsIgnoreCase(trimmed))) {
                emails.add(trimmed);
            }
        }
        if (emails.size() > MAX_EMAILS) {
            throw new InvalidInput("emails: at most " + MAX_EMAILS + " addresses");
        }
        String language = in.language() == null || in.language().isBlank() ? null : in.language().strip().toLowerCase(Locale.ROOT);
        if (language != null && !Languages.SUPPORTED.contains(language)) {
            throw new InvalidInput("language: must be one of " + Languages.listed());
        }
        return new ClientInput(blankToNull(in.name()), blankToNull(in.company()), emails, blankToNull(in.phone()),
                in.billingAddress(), in.shippingAddress(), blankToNull(in.vatNumber()), language, in.externalRef());
    }

    /** The row without its external records: {@link #withRefs} adds them, for one client or many. */
    private Client client(ResultSet rs, int row) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        return new Client(id, rs.getString("name"), rs.getString("company"), json.readValue(rs.getString("emails"), STRINGS),
                rs.getString("phone"), address(rs.getString("billing_address")), address(rs.getString("shipping_address")),
                rs.getString("vat_number"), rs.getString("language"), List.of(), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private String toJson(Address address) {
        return address == null ? null : json.writeValueAsString(address);
    }

    private Address address(String text) {
        return text == null ? null : json.readValue(text, Address.class);
    }

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
