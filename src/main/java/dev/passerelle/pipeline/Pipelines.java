package dev.passerelle.pipeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Rows;

/**
 * Pipelines, their stages and the clients' cards. A client has at most one card per pipeline
 * (a unique constraint, so two movers at once make one card); every move is kept with who or
 * what made it and published as {@link CardMoved} in the same transaction.
 */
@Service
public class Pipelines {

    static final int MAX_STAGES = 50;

    private final JdbcClient jdbc;
    private final DomainEvents events;
    private final Clients clients;
    private final Clock clock;

    Pipelines(JdbcClient jdbc, DomainEvents events, Clients clients, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clients = clients;
        this.clock = clock;
    }

    @Transactional
    public Pipeline create(UUID tenantId, String name, List<String> stages) {
        String n = required(name, "name");
        if (stages == null || stages.isEmpty()) {
            throw new InvalidInput("stages: give the pipeline's stages in order, e.g. [\"Lead\", \"Quoted\", \"Won\"]");
        }
        if (stages.size() > MAX_STAGES) {
            throw new InvalidInput("stages: at most " + MAX_STAGES);
        }
        Set<String> seen = new HashSet<>();
        for (String s : stages) {
            if (s == null || s.isBlank()) {
                throw new InvalidInput("stages: a stage needs a name");
            }
            if (s.strip().length() > 200) {
                throw new InvalidInput("stages: '" + s.strip().substring(0, 40) + "...' is longer than 200 characters");
            }
            if (!seen.add(s.strip().toLowerCase(Locale.ROOT))) {
                throw new InvalidInput("stages: '" + s.strip() + "' is named twice");
            }
        }
        if (find(tenantId, n).isPresent()) {
            throw new Conflict("a pipeline named '" + n + "' already exists");
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                INSERT INTO pipeline (id, tenant_id, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(id, tenantId, n, Timestamp.from(now)).update();
        if (inserted == 0) {
            throw new Conflict("a pipeline named '" + n + "' already exists");
        }
        int position = 0;
        for (String s : stages) {
            jdbc.sql("INSERT INTO pipeline_stage (id, tenant_id, pipeline_id, name, position) VALUES (?, ?, ?, ?, ?)")
                    .params(Ids.newId(), tenantId, id, s.strip(), position++).update();
        }
        return get(tenantId, id.toString());
    }

    public List<Pipeline> list(UUID tenantId) {
        List<UUID> ids = jdbc.sql("SELECT id FROM pipeline WHERE tenant_id = ? ORDER BY name")
                .param(tenantId).query((rs, i) -> Rows.uuid(rs, "id")).list();
        return ids.stream().map(id -> get(tenantId, id.toString())).toList();
    }

    /** A pipeline by its id or its name (in any case). */
    public Optional<Pipeline> find(UUID tenantId, String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        UUID id = asId(idOrName);
        var query = id != null
                ? jdbc.sql("SELECT id, name, created_at FROM pipeline WHERE tenant_id = ? AND id = ?").params(tenantId, id)
                : jdbc.sql("SELECT id, name, created_at FROM pipeline WHERE tenant_id = ? AND LOWER(name) = ?")
                        .params(tenantId, idOrName.strip().toLowerCase(Locale.ROOT));
        Optional<Object[]> row = query
                .query((rs, i) -> new Object[] {Rows.uuid(rs, "id"), rs.getString("name"), Rows.instant(rs, "created_at")})
                .optional();
        return row.map(r -> new Pipeline((UUID) r[0], (String) r[1], stages(tenantId, (UUID) r[0]), (Instant) r[2]));
    }

    public Pipeline get(UUID tenantId, String idOrName) {
        return find(tenantId, idOrName).orElseThrow(() -> new NotFound("pipeline " + idOrName));
    }

    private List<Pipeline.Stage> stages(UUID tenantId, UUID pipelineId) {
        return jdbc.sql("""
                SELECT id, name, position FROM pipeline_stage WHERE tenant_id = ? AND pipeline_id = ? ORDER BY position""")
                .params(tenantId, pipelineId)
                .query((rs, i) -> new Pipeline.Stage(Rows.uuid(rs, "id"), rs.getString("name"), rs.getInt("position")))
                .list();
    }

    /** Why the stage cannot be found in the pipeline, or null: what an automation is checked with when saved. */
    public String stageProblem(UUID tenantId, String pipeline, String stage) {
        Optional<Pipeline> p = find(tenantId, pipeline);
        if (p.isEmpty()) {
            List<String> names = list(tenantId).stream().map(Pipeline::name).toList();
            return "no pipeline '" + pipeline + "'" + (names.isEmpty() ? " (the account has none yet; POST /api/v1/pipelines)"
                    : "; the pipelines are: " + String.join(", ", names));
        }
        if (p.get().stage(stage).isEmpty()) {
            return "pipeline '" + p.get().name() + "' has no stage '" + stage + "'; its stages are: " + p.get().stageNames();
        }
        return null;
    }

    /** A new card for the client at the stage (the first stage when none is given); 409 if it has one. */
    @Transactional
    public Card createCard(UUID tenantId, String pipeline, UUID clientId, String stage, String title, String actor) {
        Pipeline p = get(tenantId, pipeline);
        Pipeline.Stage at = stageOf(p, stage);
        client(tenantId, clientId);
        Optional<Card> created = insertCard(tenantId, p, clientId, at, title, actor);
        if (created.isEmpty()) {
            throw new Conflict("client " + clientId + " already has a card in pipeline '" + p.name()
                    + "'; move it with POST /api/v1/pipelines/" + p.id() + "/cards/{cardId}/move");
        }
        return created.get();
    }

    /** Moves a card to a stage; moving it to the stage it is at changes nothing and publishes nothing. */
    @Transactional
    public Card move(UUID tenantId, String pipeline, UUID cardId, String stage, String actor) {
        Pipeline p = get(tenantId, pipeline);
        Card card = lockedCard(tenantId, p, "id = :card", Map.of("card", cardId))
                .orElseThrow(() -> new NotFound("card " + cardId + " in pipeline '" + p.name() + "'"));
        return moved(tenantId, p, card, stageOf(p, required(stage, "stage")), actor);
    }

    /**
     * Puts the client's card at the stage: moves it, or creates it there when the client has none
     * (what an automation's move-card does). Once: the card's unique key settles two at once.
     */
    @Transactional
    public Card moveClient(UUID tenantId, String pipeline, UUID clientId, String stage, String actor) {
        Pipeline p = get(tenantId, pipeline);
        Pipeline.Stage to = stageOf(p, required(stage, "stage"));
        client(tenantId, clientId);
        Optional<Card> card = lockedCard(tenantId, p, "client_id = :client", Map.of("client", clientId));
        if (card.isEmpty()) {
            Optional<Card> created = insertCard(tenantId, p, clientId, to, null, actor);
            if (created.isPresent()) {
                return created.get();
            }
            card = lockedCard(tenantId, p, "client_id = :client", Map.of("client", clientId));
        }
        return moved(tenantId, p, card.orElseThrow(), to, actor);
    }

    private Card moved(UUID tenantId, Pipeline p, Card card, Pipeline.Stage to, String actor) {
        if (card.stageId().equals(to.id())) {
            return card(tenantId, card.id());
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE pipeline_card SET stage_id = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")
                .params(to.id(), Timestamp.from(now), tenantId, card.id()).update();
        history(tenantId, card.id(), card.stageId(), to.id(), actor, now);
        events.publish(tenantId, card.id(), new CardMoved(card.id(), p.id(), p.name(), card.clientId(),
                card.stageId(), card.stage(), to.id(), to.name(), actor));
        return card(tenantId, card.id());
    }

    private Optional<Card> insertCard(UUID tenantId, Pipeline p, UUID clientId, Pipeline.Stage at, String title,
                                      String actor) {
        UUID id = Ids.newId();
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                INSERT INTO pipeline_card (id, tenant_id, pipeline_id, client_id, stage_id, title, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(id, tenantId, p.id(), clientId, at.id(), title == null || title.isBlank() ? null : title.strip(),
                        Timestamp.from(now), Timestamp.from(now)).update();
        if (inserted == 0) {
            return Optional.empty();
        }
        history(tenantId, id, null, at.id(), actor, now);
        events.publish(tenantId, id, new CardCreated(id, p.id(), p.name(), clientId, at.id(), at.name(),
                actor));
        return Optional.of(card(tenantId, id));
    }

    private void history(UUID tenantId, UUID cardId, UUID from, UUID to, String actor, Instant at) {
        jdbc.sql("""
                INSERT INTO pipeline_card_move (id, tenant_id, card_id, from_stage_id, to_stage_id, actor, moved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Ids.newId(), tenantId, cardId, from, to, actor, Timestamp.from(at)).update();
    }

    /** The pipeline's cards, at one stage when given, most recently moved first. */
    public List<Card> cards(UUID tenantId, String pipeline, String stage, int limit) {
        Pipeline p = get(tenantId, pipeline);
        UUID stageId = stage == null || stage.isBlank() ? null : stageOf(p, stage).id();
        var query = jdbc.sql("""
                SELECT c.id, c.pipeline_id, c.client_id, c.stage_id, c.title, c.created_at, c.updated_at, s.name AS stage
                FROM pipeline_card c JOIN pipeline_stage s ON s.id = c.stage_id
                WHERE c.tenant_id = :tenant AND c.pipeline_id = :pipeline""" + (stageId == null ? "" : " AND c.stage_id = :stage")
                + " ORDER BY c.updated_at DESC, c.id LIMIT :limit")
                .param("tenant", tenantId).param("pipeline", p.id()).param("limit", limit);
        if (stageId != null) {
            query = query.param("stage", stageId);
        }
        return query.query((rs, i) -> card(rs, p.name(), List.of())).list();
    }

    /** The client's card in the pipeline, if it has one. */
    public Optional<Card> cardOf(UUID tenantId, String pipeline, UUID clientId) {
        Pipeline p = get(tenantId, pipeline);
        return jdbc.sql("SELECT id FROM pipeline_card WHERE tenant_id = ? AND pipeline_id = ? AND client_id = ?")
                .params(tenantId, p.id(), clientId).query((rs, i) -> Rows.uuid(rs, "id")).optional()
                .map(id -> card(tenantId, id));
    }

    /** One card with its history, oldest move first. */
    public Card card(UUID tenantId, UUID cardId) {
        Card c = jdbc.sql("""
                SELECT c.id, c.pipeline_id, c.client_id, c.stage_id, c.title, c.created_at, c.updated_at, s.name AS stage,
                       p.name AS pipeline
                FROM pipeline_card c JOIN pipeline_stage s ON s.id = c.stage_id JOIN pipeline p ON p.id = c.pipeline_id
                WHERE c.tenant_id = ? AND c.id = ?""").params(tenantId, cardId)
                .query((rs, i) -> card(rs, rs.getString("pipeline"), List.of())).optional()
                .orElseThrow(() -> new NotFound("card " + cardId));
        Map<UUID, String> names = jdbc.sql("SELECT id, name FROM pipeline_stage WHERE tenant_id = ? AND pipeline_id = ?")
                .params(tenantId, c.pipelineId()).query((rs, i) -> Map.entry(Rows.uuid(rs, "id"), rs.getString("name")))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<Card.Move> moves = jdbc.sql("""
                SELECT from_stage_id, to_stage_id, actor, moved_at FROM pipeline_card_move
                WHERE tenant_id = ? AND card_id = ? ORDER BY moved_at, id""").params(tenantId, cardId)
                .query((rs, i) -> {
                    UUID from = Rows.uuid(rs, "from_stage_id");
                    UUID to = Rows.uuid(rs, "to_stage_id");
                    return new Card.Move(from, from == null ? null : names.get(from), to, names.get(to),
                            rs.getString("actor"), Rows.instant(rs, "moved_at"));
                }).list();
        return new Card(c.id(), c.pipelineId(), c.pipeline(), c.clientId(), c.stageId(), c.stage(), c.title(),
                c.createdAt(), c.updatedAt(), new ArrayList<>(moves));
    }

    private Optional<Card> lockedCard(UUID tenantId, Pipeline p, String where, Map<String, Object> params) {
        return jdbc.sql("""
                SELECT c.id, c.pipeline_id, c.client_id, c.stage_id, c.title, c.created_at, c.updated_at,
                       CAST(NULL AS VARCHAR(200)) AS stage
                FROM pipeline_card c WHERE c.tenant_id = :tenant AND c.pipeline_id = :pipeline AND c.""" + where
                + " FOR UPDATE")
                .param("tenant", tenantId).param("pipeline", p.id()).params(params)
                .query((rs, i) -> card(rs, p.name(), List.of())).optional()
                .map(c -> new Card(c.id(), c.pipelineId(), c.pipeline(), c.clientId(), c.stageId(),
                        p.stages().stream().filter(s -> s.id().equals(c.stageId())).map(Pipeline.Stage::name)
                                .findFirst().orElse(null), c.title(), c.createdAt(), c.updatedAt(), List.of()));
    }

    private static Card card(ResultSet rs, String pipeline, List<Card.Move> history) throws SQLException {
        return new Card(Rows.uuid(rs, "id"), Rows.uuid(rs, "pipeline_id"), pipeline, Rows.uuid(rs, "client_id"),
                Rows.uuid(rs, "stage_id"), rs.getString("stage"), rs.getString("title"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), history);
    }

    private static Pipeline.Stage stageOf(Pipeline p, String stage) {
        if (stage == null || stage.isBlank()) {
            return p.stages().get(0);
        }
        return p.stage(stage).orElseThrow(() -> new InvalidInput("stage: pipeline '" + p.name() + "' has no stage '"
                + stage.strip() + "'; its stages are: " + p.stageNames()));
    }

    private void client(UUID tenantId, UUID clientId) {
        if (clientId == null) {
            throw new InvalidInput("clientId: required");
        }
        if (!clients.exists(tenantId, clientId)) {
            throw new InvalidInput("clientId: no client " + clientId + " in this account");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field + ": required");
        }
        if (value.strip().length() > 200) {
            throw new InvalidInput(field + ": at most 200 characters");
        }
        return value.strip();
    }

    private static UUID asId(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
