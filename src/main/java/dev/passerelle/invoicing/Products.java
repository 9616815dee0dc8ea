package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Rows;

/** Products of a tenant, recognised by external reference or SKU (unique per tenant). */
@Service
public class Products {

    private final JdbcClient jdbc;
    private final DomainEvents events;
    private final Clock clock;

    Products(JdbcClient jdbc, DomainEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Product create(UUID tenantId, ProductInput input) {
        ProductInput in = validated(input);
        if (in.sku() != null && bySku(tenantId, in.sku()).isPresent()) {
            throw new Conflict("a product with SKU " + in.sku() + " already exists");
        }
        return insert(tenantId, in).orElseThrow(() -> new Conflict(
                "SKU " + in.sku() + " or the product's external record was taken concurrently"));
    }

    /** Finds the product by external reference, then SKU; updates it, or creates it. */
    @Transactional
    public Product upsert(UUID tenantId, ProductInput input) {
        ProductInput in = validated(input);
        Optional<UUID> existing = existing(tenantId, in);
        if (existing.isEmpty()) {
            Optional<Product> created = insert(tenantId, in);
            if (created.isPresent()) {
                return created.get();
            }
            // Another transaction took the SKU or the external record first: theirs is the product.
            existing = existing(tenantId, in);
        }
        UUID id = existing.orElseThrow();
        write(tenantId, id, in, true);
        addRef(tenantId, id, in.externalRef());
        return get(tenantId, id);
    }

    @Transactional
    public Product update(UUID tenantId, UUID id, ProductInput input) {
        get(tenantId, id);
        ProductInput in = validated(input);
        if (in.sku() != null) {
            bySku(tenantId, in.sku()).filter(other -> !other.equals(id)).ifPresent(other -> {
                throw new Conflict("SKU " + in.sku() + " belongs to product " + other);
            });
        }
        write(tenantId, id, in, false);
        addRef(tenantId, id, in.externalRef());
        return get(tenantId, id);
    }

    public Optional<Product> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM product WHERE id = ? AND tenant_id = ?").params(id, tenantId)
                .query(this::product).optional();
    }

    /** Whether an external record (e.g. a shop's product id) is already linked to a product: one index read. */
    public boolean isLinked(UUID tenantId, ExternalRef ref) {
        return byRef(tenantId, ref).isPresent();
    }

    public Product get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> new NotFound("product " + id));
    }

    /** The product with this SKU (unique per tenant), if any. */
    public Optional<Product> findBySku(UUID tenantId, String sku) {
        if (sku == null || sku.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM product WHERE tenant_id = ? AND sku = ?").params(tenantId, sku.strip())
                .query(this::product).optional();
    }

    List<Product> list(UUID tenantId, String query, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM product WHERE tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenantId);
        params.put("limit", limit);
        if (query != null && !query.isBlank()) {
            sql.append(" AND (LOWER(name) LIKE :q OR LOWER(sku) LIKE :q)");
            params.put("q", "%" + query.strip().toLowerCase(Locale.ROOT) + "%");
        }
        if (after != null) {
            sql.append(" AND id > :after");
            params.put("after", after);
        }
        sql.append(" ORDER BY id LIMIT :limit");
        return jdbc.sql(sql.toString()).params(params).query(this::product).list();
    }

    private Optional<Product> insert(UUID tenantId, ProductInput in) {
        UUID id = Ids.newId();
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                INSERT INTO product (id, tenant_id, name, sku, unit_price, currency, tax_rate, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(id, tenantId, in.name(), in.sku(), in.unitPrice(), in.currency(), in.taxRate(),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        if (in.externalRef() != null && !addRef(tenantId, id, in.externalRef())) {
            // A product without SKU has nothing unique but its external record: whoever links it first
            // keeps it, and our row, never seen by anyone, goes.
            jdbc.sql("DELETE FROM product WHERE id = ?").param(id).update();
            return Optional.empty();
        }
        events.publish(tenantId, id, new ProductCreated(id, in.name(), in.sku() == null ? "" : in.sku()));
        return find(tenantId, id);
    }

    private void write(UUID tenantId, UUID id, ProductInput in, boolean keepMissing) {
        jdbc.sql("""
                UPDATE product SET name = ?, sku = COALESCE(?, sku), unit_price = ?, currency = ?, tax_rate = ?, updated_at = ?
                WHERE id = ? AND tenant_id = ?""")
                .params(in.name(), in.sku(),
                        keepMissing && in.unitPrice() == null ? get(tenantId, id).unitPrice() : in.unitPrice(),
                        keepMissing && in.currency() == null ? get(tenantId, id).currency() : in.currency(),
                        keepMissing && in.taxRate() == null ? get(tenantId, id).taxRate() : in.taxRate(),
                        Timestamp.from(clock.instant()), id, tenantId)
                .update();
    }

    /** Links the external record to the product; false when it was already linked (to this product or another). */
    private boolean addRef(UUID tenantId, UUID productId, ExternalRef ref) {
        if (ref == null) {
            return false;
        }
        return jdbc.sql("""
                INSERT INTO product_ref (tenant_id, source, connection_id, external_id, product_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(tenantId, ref.source(), ref.connectionId(), ref.id(), productId).update() == 1;
    }

    /** The product this input describes: by external record first, then by SKU. */
    private Optional<UUID> existing(UUID tenantId, ProductInput in) {
        Optional<UUID> found = in.externalRef() == null ? Optional.empty() : byRef(tenantId, in.externalRef());
        return found.isEmpty() && in.sku() != null ? bySku(tenantId, in.sku()) : found;
    }

    private Optional<UUID> byRef(UUID tenantId, ExternalRef ref) {
        return jdbc.sql("SELECT product_id FROM product_ref WHERE tenant_id = ? AND source = ? AND connection_id = ? AND external_id = ?")
                .params(tenantId, ref.source(), ref.connectionId(), ref.id())
                .query((rs, i) -> Rows.uuid(rs, "product_id")).optional();
    }

    private Optional<UUID> bySku(UUID tenantId, String sku) {
        return jdbc.sql("SELECT id FROM product WHERE tenant_id = ? AND sku = ?").params(tenantId, sku)
                .query((rs, i) -> Rows.uuid(rs, "id")).optional();
    }

    private ProductInput validated(ProductInput in) {
        if (in == null || in.name() == null || in.name().isBlank()) {
            throw new InvalidInput("name: must not be blank");
        }
        if (in.unitPrice() != null && in.unitPrice().signum() < 0) {
            throw new InvalidInput("unitPrice: must not be negative");
        }
        if (in.taxRate() != null && (in.taxRate().signum() < 0 || in.taxRate().compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new InvalidInput("taxRate: a percentage between 0 and 100");
        }
        String currency = in.currency() == null ? null : in.currency().strip().toUpperCase(Locale.ROOT);
        if (currency != null) {
            try {
                DocumentMath.scale(currency);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("currency: " + e.getMessage());
            }
        }
        String sku = in.sku() == null || in.sku().isBlank() ? null : in.sku().strip();
        return new ProductInput(in.name().strip(), sku, in.unitPrice(), currency, in.taxRate(), in.externalRef());
    }

    private Product product(ResultSet rs, int row) throws SQLException {
        UUID id = Rows.uuid(rs, "id");
        List<ExternalRef> refs = jdbc.sql("SELECT source, connection_id, external_id FROM product_ref WHERE product_id = ?")
                .param(id).query((r, i) -> new ExternalRef(r.getString("source"), Rows.uuid(r, "connection_id"),
                        r.getString("external_id"))).list();
        return new Product(id, rs.getString("name"), rs.getString("sku"), strip(rs.getBigDecimal("unit_price")),
                rs.getString("currency"), strip(rs.getBigDecimal("tax_rate")), refs, Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().scale() < 2 ? value.setScale(2) : value.stripTrailingZeros();
    }
}
