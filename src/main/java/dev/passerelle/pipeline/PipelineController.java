package dev.passerelle.pipeline;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/pipelines")
@Tag(name = "Pipelines")
class PipelineController {

    /** Who moved a card by the API. */
    static final String API = "api";

    private final Pipelines pipelines;

    PipelineController(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    record NewPipeline(String name, List<String> stages) {
    }

    record NewCard(UUID clientId, String stage, String title) {
    }

    record MoveTo(String stage) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a pipeline with its stages in order")
    Pipeline create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody NewPipeline body) {
        return pipelines.create(tenant.tenantId(), body.name(), body.stages());
    }

    @GetMapping
    List<Pipeline> list(@AuthenticationPrincipal TenantPrincipal tenant) {
        return pipelines.list(tenant.tenantId());
    }

    @GetMapping("/{pipeline}")
    @Operation(summary = "A pipeline, by id or name")
    Pipeline get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String pipeline) {
        return pipelines.get(tenant.tenantId(), pipeline);
    }

    @PostMapping("/{pipeline}/cards")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a client's card", description = "At the given stage (name or id), else the first; "
            + "409 if the client already has a card in this pipeline.")
    Card createCard(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String pipeline,
                    @RequestBody NewCard body) {
        return pipelines.createCard(tenant.tenantId(), pipeline, body.clientId(), body.stage(), body.title(), API);
    }

    @GetMapping("/{pipeline}/cards")
    @Operation(summary = "List cards", description = "At one `stage` (name or id) when given, most recently moved first.")
    Pages<Card> cards(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String pipeline,
                      @RequestParam(required = false) String stage, @RequestParam(required = false) Integer limit) {
        return new Pages<>(pipelines.cards(tenant.tenantId(), pipeline, stage, Pages.clampLimit(limit)), null);
    }

    @GetMapping("/{pipeline}/cards/{cardId}")
    @Operation(summary = "A card with its history of moves")
    Card card(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String pipeline, @PathVariable UUID cardId) {
        Card card = pipelines.card(tenant.tenantId(), cardId);
        if (!card.pipelineId().equals(pipelines.get(tenant.tenantId(), pipeline).id())) {
            throw new dev.passerelle.support.NotFound("card " + cardId + " in pipeline " + pipeline);
        }
        return card;
    }

    @PostMapping("/{pipeline}/cards/{cardId}/move")
    @Operation(summary = "Move a card to a stage", description = "Publishes card.moved.")
    Card move(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable String pipeline, @PathVariable UUID cardId,
              @RequestBody MoveTo body) {
        return pipelines.move(tenant.tenantId(), pipeline, cardId, body.stage(), API);
    }
}
