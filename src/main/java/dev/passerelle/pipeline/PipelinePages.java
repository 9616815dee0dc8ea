package dev.passerelle.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's pipelines: the list with a form for a new one, and a pipeline's board, its stages
 * as columns of cards. A card is dragged to another column (board.js posts the card's own "Move
 * to" form with fetch) or moved with that form, keyboard and no-JavaScript alike. Every change is
 * the {@link Pipelines} call the API makes.
 */
@Controller
@ConsolePage
@Hidden
class PipelinePages {

    /** Cards a board shows (most recently moved first); a pipeline with more is read through the API. */
    static final int BOARD_CARDS = 500;
    /** Clients a new card's form offers; more are reached through the API. */
    static final int CLIENT_CHOICES = 200;
    /** What board.js sends, so the move answers it with a status rather than a page. */
    static final String SCRIPT_HEADER = "X-Requested-With";
    private static final Set<String> DONE = Set.of("created", "card-created", "moved");

    private final Pipelines pipelines;
    private final Clients clients;

    PipelinePages(Pipelines pipelines, Clients clients) {
        this.pipelines = pipelines;
        this.clients = clients;
    }

    /** A card as the board shows it: its client's name. */
    record CardView(Card card, String client) {
    }

    /** A stage's column with its cards. */
    record Column(Pipeline.Stage stage, List<CardView> cards) {
    }

    @GetMapping("/console/pipelines")
    String list(@AuthenticationPrincipal SignedIn me, Model model) {
        return pipelinesPage(me, model, "", "");
    }

    @PostMapping("/console/pipelines")
    String create(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String name,
                  @RequestParam(defaultValue = "") String stages, Model model, HttpServletResponse response) {
        Pipeline created;
        try {
            // One stage a line, as typed; blank lines are not stages.
            created = pipelines.create(me.tenantId(), name, Arrays.stream(stages.split("\\R"))
                    .filter(s -> !s.isBlank()).toList());
        } catch (DomainException refused) {
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            return pipelinesPage(me, model, name, stages);
        }
        return "redirect:/console/pipelines/" + created.id() + "?done=created";
    }

    @GetMapping("/console/pipelines/{id}")
    String board(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                 @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", DONE.contains(done) ? done : null);
        return board(me, pipeline(me, id), model);
    }

    @PostMapping("/console/pipelines/{id}/cards")
    String createCard(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                      @RequestParam(defaultValue = "") String clientId, @RequestParam(defaultValue = "") String stage,
                      @RequestParam(defaultValue = "") String title, Model model, HttpServletResponse response) {
        Pipeline p = pipeline(me, id);
        try {
            pipelines.createCard(me.tenantId(), p.id().toString(), clientId(clientId), stage, title, actor(me));
        } catch (DomainException refused) {
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("cardError", refused.getMessage());
            return board(me, p, model);
        }
        return "redirect:/console/pipelines/" + p.id() + "?done=card-created";
    }

    /** The "Move to" form posted without JavaScript: the board again, the card in its new column. */
    @PostMapping("/console/pipelines/{id}/cards/{cardId}/move")
    String move(@AuthenticationPrincipal SignedIn me, @PathVariable String id, @PathVariable String cardId,
                @RequestParam(defaultValue = "") String stage, Model model, HttpServletResponse response) {
        Pipeline p = pipeline(me, id);
        UUID card = Ids.inPath(cardId, "card");
        try {
            pipelines.move(me.tenantId(), p.id().toString(), card, stage, actor(me));
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            return board(me, p, model);
        }
        return "redirect:/console/pipelines/" + p.id() + "?done=moved#card-" + card;
    }

    /**
     * The same form posted by board.js when a card is dropped on a column: 204 once moved, else the
     * status and the service's reason as text, which the board announces.
     */
    @PostMapping(path = "/console/pipelines/{id}/cards/{cardId}/move", headers = SCRIPT_HEADER + "=fetch")
    ResponseEntity<String> moveByScript(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                                        @PathVariable String cardId, @RequestParam(defaultValue = "") String stage) {
        try {
            Pipeline p = pipeline(me, id);
            pipelines.move(me.tenantId(), p.id().toString(), Ids.inPath(cardId, "card"), stage, actor(me));
        } catch (DomainException refused) {
            HttpStatus status = refused instanceof NotFound ? HttpStatus.NOT_FOUND
                    : refused instanceof InvalidInput ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT;
            return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN)
                    .body(refused instanceof NotFound ? "not found" : refused.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    private String pipelinesPage(SignedIn me, Model model, String name, String stages) {
        model.addAttribute("pipelines", pipelines.list(me.tenantId()));
        model.addAttribute("name", name);
        model.addAttribute("stages", stages);
        return "pipeline/pipelines";
    }

    private String board(SignedIn me, Pipeline p, Model model) {
        List<Card> cards = pipelines.cards(me.tenantId(), p.id().toString(), null, BOARD_CARDS);
        Map<UUID, UUID> tenantByClient = new HashMap<>();
        cards.forEach(c -> tenantByClient.put(c.clientId(), me.tenantId()));
        Map<UUID, Client> named = clients.findAll(tenantByClient);
        List<Column> columns = new ArrayList<>();
        for (Pipeline.Stage stage : p.stages()) {
            columns.add(new Column(stage, cards.stream().filter(c -> c.stageId().equals(stage.id()))
                    .map(c -> new CardView(c, named.containsKey(c.clientId()) ? named.get(c.clientId()).name() : null))
                    .toList()));
        }
        model.addAttribute("p", p);
        model.addAttribute("columns", columns);
        model.addAttribute("clients", clients.list(me.tenantId(), null, null, CLIENT_CHOICES));
        model.addAttribute("full", cards.size() == BOARD_CARDS);
        return "pipeline/board";
    }

    /** The pipeline the path names by its id (the API takes a name too; a page's address keeps to ids). */
    private Pipeline pipeline(SignedIn me, String id) {
        return pipelines.get(me.tenantId(), Ids.inPath(id, "pipeline").toString());
    }

    private static UUID clientId(String value) {
        if (value.isBlank()) {
            throw new InvalidInput("clientId: choose a client");
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("clientId: not an id");
        }
    }

    /** Who moved it, in the card's history: the signed-in person (the column holds 300 characters). */
    static String actor(SignedIn me) {
        String actor = "console:" + me.email();
        return actor.length() <= 300 ? actor : "console:" + me.userId();
    }
}
