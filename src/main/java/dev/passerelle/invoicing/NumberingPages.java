package dev.passerelle.invoicing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's numbering: each kind's template, yearly reset and next number, with the next
 * number as {@link Numbering} will make it (what {@code GET /api/v1/settings/numbering/{kind}}
 * answers); saved through {@link Numbering#configure}, as the API saves it. Owners change.
 */
@Controller
@ConsolePage
@Hidden
class NumberingPages {

    private final Numbering numbering;
    private final Clock clock;

    NumberingPages(Numbering numbering, Clock clock) {
        this.numbering = numbering;
        this.clock = clock;
    }

    @GetMapping("/console/settings/numbering")
    String numbering(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model) {
        model.addAttribute("done", "saved".equals(done) ? done : null);
        return page(me, model);
    }

    @PostMapping("/console/settings/numbering/{kind}")
    String save(@AuthenticationPrincipal SignedIn me, @PathVariable String kind,
                @RequestParam(defaultValue = "") String template, @RequestParam(defaultValue = "false") boolean yearlyReset,
                @RequestParam(defaultValue = "") String nextNumber, Model model, HttpServletResponse response) {
        me.requireOwner("changes the settings");
        DocumentKind k = kind(kind);
        try {
            Long next = nextNumber.isBlank() ? null : parseLong(nextNumber);
            numbering.configure(me.tenantId(), k, template.isBlank() ? null : template, yearlyReset, next, today());
        } catch (DomainException refused) {
            model.addAttribute("failedKind", k);
            return FormFields.refused(refused, response, model, () -> page(me, model));
        }
        return "redirect:/console/settings/numbering?done=saved#" + k.name();
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput("nextNumber: a whole number, 1 or more");
        }
    }

    private static DocumentKind kind(String kind) {
        try {
            return DocumentKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("kind: one of " + Arrays.toString(DocumentKind.values()));
        }
    }

    private String page(SignedIn me, Model model) {
        List<Numbering.Format> formats = Arrays.stream(DocumentKind.values())
                .map(k -> numbering.format(me.tenantId(), k, today())).toList();
        model.addAttribute("formats", formats);
        return "invoicing/numbering";
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
