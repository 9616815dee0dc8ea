-- Pipelines (ordered stages), one card per client and pipeline with its history, and tasks.
CREATE TABLE pipeline (
    id          UUID PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pipeline_name UNIQUE (tenant_id, name)
);

CREATE TABLE pipeline_stage (
    id          UUID PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    pipeline_id UUID         NOT NULL REFERENCES pipeline (id),
    name        VARCHAR(200) NOT NULL,
    position    INTEGER      NOT NULL,
    CONSTRAINT pipeline_stage_name UNIQUE (pipeline_id, name)
);

-- A client has at most one card per pipeline: the constraint decides between two movers.
CREATE TABLE pipeline_card (
    id          UUID PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    pipeline_id UUID         NOT NULL REFERENCES pipeline (id),
    client_id   UUID         NOT NULL,
    stage_id    UUID         NOT NULL REFERENCES pipeline_stage (id),
    title       VARCHAR(300),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pipeline_card_once UNIQUE (pipeline_id, client_id)
);
CREATE INDEX pipeline_card_stage ON pipeline_card (tenant_id, pipeline_id, stage_id, updated_at);

CREATE TABLE pipeline_card_move (
    id            UUID PRIMARY KEY,
    tenant_id     UUID         NOT NULL REFERENCES tenant (id),
    card_id       UUID         NOT NULL REFERENCES pipeline_card (id),
    from_stage_id UUID,
    to_stage_id   UUID         NOT NULL,
    actor         VARCHAR(300) NOT NULL,
    moved_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX pipeline_card_move_card ON pipeline_card_move (card_id, moved_at);

-- remind_at: when the assignee is due an e-mail; reminded_at set once, in the transaction that queues it.
CREATE TABLE task (
    id           UUID PRIMARY KEY,
    tenant_id    UUID          NOT NULL REFERENCES tenant (id),
    title        VARCHAR(500)  NOT NULL,
    notes        VARCHAR(10000),
    due_at       TIMESTAMP WITH TIME ZONE,
    assignee     VARCHAR(320),
    client_id    UUID,
    document_id  UUID,
    done         BOOLEAN       NOT NULL,
    done_at      TIMESTAMP WITH TIME ZONE,
    created_by   VARCHAR(300)  NOT NULL,
    remind_at    TIMESTAMP WITH TIME ZONE,
    reminded_at  TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX task_tenant_due ON task (tenant_id, done, due_at);
CREATE INDEX task_tenant_assignee ON task (tenant_id, assignee, due_at);
CREATE INDEX task_remind ON task (remind_at);
