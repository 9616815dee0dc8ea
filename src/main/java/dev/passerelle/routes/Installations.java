package dev.passerelle.routes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.connectors.ExactJson;
import dev.passerelle.connectors.Catalog;
import dev.passerelle.connectors.PropertyType;
import dev.passerelle.connectors.Secrets;
import dev.passerelle.connectors.Templates;
import dev.passerelle.hooks.HookDirectory;
import dev.passerelle.support.Ids;
import dev.passerelle.support.Problems;
import dev.passerelle.support.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tenants' installations of routes: rows, whatever their number, never routes. */
@Service
class Installations {

    private final JdbcClient jdbc;
    private final RouteFiles files;
    private final Secrets secrets;
    private final HookDirectory hooks;
    private final JsonMapper json;
    private final Clock clock;

    Installations(JdbcClient jdbc, RouteFiles files, Secrets secrets, HookDirectory hooks, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.files = files;
        this.secrets = secrets;
        this.hooks = hooks;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    Installation create(UUID tenantId, String routeId, String name, ObjectNode given) {
        ParsedRoute route = files.route(routeId).orElseThrow(() -> Problems.notFound("route '" + routeId + "'"));
        if (!route.installable()) {
            throw Problems.badRequest("route '" + routeId + "' does not start with a Passerelle trigger, so it is not "
                    + "installable by tenants");
        }
        ObjectNode parameters = checked(tenantId, route, given == null ? json.createObjectNode() : given);
        UUID id = Ids.newId();
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO route_installation (id, tenant_id, route_id, name, parameters, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'ACTIVE', ?, ?)""")
                .params(id, tenantId, routeId, name, json.writeValueAsString(parameters), Timestamp.from(now),
                        Timestamp.from(now)).update();
        return get(tenantId, id);
    }

    List<Installation> list(UUID tenantId, String routeId) {
        return jdbc.sql("""
                SELECT * FROM route_installation WHERE tenant_id = :tenant AND status <> 'DELETED'
                AND (CAST(:route AS VARCHAR(200)) IS NULL OR route_id = :route) ORDER BY id""")
                .param("tenant", tenantId).param("route", routeId).query(this::installation).list();
    }

    Installation get(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM route_installation WHERE id = ? AND tenant_id = ? AND status <> 'DELETED'")
                .params(id, tenantId).query(this::installation).optional()
                .orElseThrow(() -> Problems.notFound("installation " + id));
    }

    /** Any installation by id, for the run worker (which knows the tenant from the run). */
    java.util.Optional<Installation> find(UUID id) {
        return jdbc.sql("SELECT * FROM route_installation WHERE id = ?").param(id).query(this::installation).optional();
    }

    /** Installations by id, in one query: the run worker's batch. Ids not found are left out. */
    Map<UUID, Installation> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Installation> found = new java.util.HashMap<>();
        jdbc.sql("SELECT * FROM route_installation WHERE id IN (:ids)").param("ids", ids).query(this::installation)
                .list().forEach(i -> found.put(i.id(), i));
        return found;
    }

    @Transactional
    Installation setStatus(UUID tenantId, UUID id, Installation.Status status) {
        get(tenantId, id);
        jdbc.sql("UPDATE route_installation SET status = ?, updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(status.name(), Timestamp.from(clock.instant()), id, tenantId).update();
        return get(tenantId, id);
    }

    /** Deleted installations keep their runs (history) but run no more; their secrets are destroyed. */
    @Transactional
    void delete(UUID tenantId, UUID id) {
        Installation installation = get(tenantId, id);
        installation.parameters().properties().forEach(p -> {
            JsonNode ref = p.getValue().path("secretRef");
            if (ref.isString()) {
                secrets.delete(tenantId, UUID.fromString(ref.asString()));
            }
        });
        jdbc.sql("UPDATE route_installation SET status = 'DELETED', parameters = '{}', updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(Timestamp.from(clock.instant()), id, tenantId).update();
    }

    /** These tenants' active installations of these routes: what their triggers fan out to. */
    List<Installation> active(Collection<UUID> tenantIds, Collection<String> routeIds) {
        if (tenantIds.isEmpty() || routeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT * FROM route_installation WHERE tenant_id IN (:tenants) AND route_id IN (:routes) AND status = 'ACTIVE'""")
                .param("tenants", tenantIds).param("routes", routeIds).query(this::installation).list();
    }

    /** Every active installation of a route (a schedule fires for all of them). */
    List<Installation> active(String routeId) {
        return jdbc.sql("SELECT * FROM route_installation WHERE route_id = ? AND status = 'ACTIVE'")
                .param(routeId).query(this::installation).list();
    }

    JsonNode parse(String payload) {
        return ExactJson.MAPPER.readTree(payload);
    }

    /** What a tenant may see of the parameters: secret values never, only that they are set. */
    ObjectNode visible(Installation installation) {
        ObjectNode shown = installation.parameters().deepCopy();
        shown.properties().forEach(p -> {
            if (p.getValue().has("secretRef")) {
                p.setValue(json.createObjectNode().put("secret", "set"));
            }
        });
        return shown;
    }

    private ObjectNode checked(UUID tenantId, ParsedRoute route, ObjectNode given) {
        List<String> problems = new ArrayList<>();
        for (String name : given.propertyNames()) {
            if (!route.parameters().containsKey(name)) {
                problems.add("parameters." + name + ": unknown; route '" + route.id() + "' takes "
                        + (route.parameters().isEmpty() ? "no parameters" : String.join(", ", route.parameters().keySet())));
            }
        }
        ObjectNode stored = json.createObjectNode();
        List<Runnable> storeSecrets = new ArrayList<>();
        for (ParameterSpec p : route.parameterList()) {
            JsonNode value = given.get(p.name());
            String where = "parameters." + p.name() + " (" + p.title() + ", used by " + p.usedBy() + ")";
            if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
                if (p.required()) {
                    problems.add(where + ": required");
                }
                continue;
            }
            if (p.type() == PropertyType.MAPPING) {
                problems.addAll(checkMapping(where, value));
                stored.set(p.name(), value);
            } else if (p.type() == PropertyType.LINES && value.isArray()) {
                // Fixed lines for every run of this installation (a monthly subscription's invoice).
                stored.set(p.name(), value);
            } else if (!value.isValueNode()) {
                problems.add(where + ": expected a " + p.type().jsonType() + ", got " + value.getNodeType());
            } else if (p.secret()) {
                String secret = Templates.text(value);
                storeSecrets.add(() -> stored.set(p.name(),
                        json.createObjectNode().put("secretRef", secrets.store(tenantId, secret).toString())));
            } else {
                String text = Templates.text(value);
                String why = p.type().check(text);
                if (why != null) {
                    problems.add(where + ": '" + text + "' " + why);
                }
                stored.put(p.name(), text);
            }
        }
        checkHook(tenantId, route, stored, problems);
        if (!problems.isEmpty()) {
            throw Problems.badRequest(String.join("; ", problems));
        }
        storeSecrets.forEach(Runnable::run);
        return stored;
    }

    /** A hook trigger names the tenant's hook: it must exist, or nothing would ever run. */
    private void checkHook(UUID tenantId, ParsedRoute route, ObjectNode stored, List<String> problems) {
        String option = route.triggerOptions().get("hook");
        if (!"hook".equals(route.trigger()) || option == null || !Catalog.isInstallParameter(option)) {
            return;
        }
        String parameter = Templates.references(option).get(0).name();
        String name = Templates.text(stored.path(parameter));
        List<String> names = hooks.names(tenantId);
        if (!name.isEmpty() && !names.contains(name)) {
            problems.add("parameters." + parameter + ": you have no hook named '" + name + "'"
                    + (names.isEmpty() ? "; create one with POST /api/v1/hooks" : "; yours are: " + String.join(", ", names)));
        }
    }

    private static List<String> checkMapping(String where, JsonNode value) {
        List<String> problems = new ArrayList<>();
        if (!value.isObject()) {
            problems.add(where + ": expected a JSON object of field → template");
            return problems;
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isString()) {
                problems.add(where + "." + e.getKey() + ": expected a text template such as \"${event.email}\"");
                continue;
            }
            for (Templates.Reference ref : Templates.references(e.getValue().asString())) {
                if (!Templates.ROOTS.contains(ref.root())) {
                    problems.add(where + "." + e.getKey() + ": unknown placeholder root '${" + ref.root() + "...}'");
                }
            }
        }
        return problems;
    }

    private Installation installation(ResultSet rs, int row) throws SQLException {
        return new Installation(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("route_id"),
                rs.getString("name"), (ObjectNode) ExactJson.MAPPER.readTree(rs.getString("parameters")),
                Installation.Status.valueOf(rs.getString("status")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
