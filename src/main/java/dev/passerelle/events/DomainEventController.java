package dev.passerelle.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.support.Rows;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What happened in a tenant's account, newest first: the feed automations and zaps react to. */
@RestController
@RequestMapping("/api/v1/domain-events")
@Tag(name = "Domain events")
class DomainEventController {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DomainEventController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record EventView(long seq, UUID id, String type, UUID subjectId, JsonNode payload, java.time.Instant occurredAt) {
    }

    @GetMapping
    @Operation(summary = "List domain events", description = "Filter by `type` (e.g. document.paid) or `subjectId`; "
            + "pass `nextCursor` back as `cursor`.")
    Pages<EventView> list(@AuthenticationPrincipal TenantPrincipal tenant, @RequestParam(required = false) String type,
                          @RequestParam(required = false) UUID subjectId, @RequestParam(required = false) Long cursor,
                          @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        StringBuilder sql = new StringBuilder("SELECT * FROM domain_event WHERE tenant_id = :tenant");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("tenant", tenant.tenantId(), "limit", size));
        if (type != null) {
            sql.append(" AND type = :type");
            params.put("type", type);
        }
        if (subjectId != null) {
            sql.append(" AND subject_id = :subject");
            params.put("subject", subjectId);
        }
        if (cursor != null) {
            sql.append(" AND seq < :cursor");
            params.put("cursor", cursor);
        }
        sql.append(" ORDER BY seq DESC LIMIT :limit");
        List<EventView> page = jdbc.sql(sql.toString()).params(params)
                .query((rs, i) -> new EventView(rs.getLong("seq"), Rows.uuid(rs, "id"), rs.getString("type"),
                        Rows.uuid(rs, "subject_id"), json.readTree(rs.getString("payload")), Rows.instant(rs, "occurred_at")))
                .list();
        return new Pages<>(page, page.size() == size ? Long.toString(page.get(size - 1).seq()) : null);
    }
}
