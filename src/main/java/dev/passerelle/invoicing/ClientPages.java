package dev.passerelle.invoicing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.support.Address;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.Languages;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's clients: a searchable list, a client's page with its details (editable) and its
 * documents, and a form for a new one; {@link Clients} checks everything, as for the API.
 */
@Controller
@ConsolePage
@Hidden
class ClientPages {

    static final int PAGE_SIZE = 25;

    private final Clients clients;
    private final Documents documents;

    ClientPages(Clients clients, Documents documents) {
        this.clients = clients;
        this.documents = documents;
    }

    /** The form's fields, as typed (addresses: up to three; the billing address in parts). */
    record ClientForm(String name, String company, List<String> emails, String phone, String line1, String line2,
                      String postcode, String city, String country, String vatNumber, String language) {

        static ClientForm empty() {
            return new ClientForm("", "", List.of("", "", ""), "", "", "", "", "", "", "", "");
        }

        static ClientForm of(Client c) {
            Address a = c.billingAddress() == null ? new Address(null, null, null, null, null, null) : c.billingAddress();
            return new ClientForm(c.name(), c.company(), padded(c.emails()), c.phone(), a.line1(), a.line2(),
                    a.postcode(), a.city(), a.country(), c.vatNumber(), c.language());
        }

        /** What the service takes; the billing address's state and the shipping address stay as they were. */
        ClientInput input(Client current) {
            Address was = current == null ? null : current.billingAddress();
            String country = FormFields.text(country(), "country", 2);
            Address billing = new Address(FormFields.text(line1, "line1", 300), FormFields.text(line2, "line2", 300),
                    FormFields.text(postcode, "postcode", 30), FormFields.text(city, "city", 200),
                    was == null ? null : was.state(), country == null ? null : country.toUpperCase(java.util.Locale.ROOT));
            boolean noBilling = billing.line1() == null && billing.line2() == null && billing.postcode() == null
                    && billing.city() == null && billing.state() == null && billing.country() == null;
            return new ClientInput(FormFields.text(name, "name", 300), FormFields.text(company, "company", 300),
                    emails == null ? List.of() : emails, FormFields.text(phone, "phone", 60), noBilling ? null : billing,
                    current == null ? null : current.shippingAddress(), FormFields.text(vatNumber, "vatNumber", 60),
                    FormFields.text(language, "language", 5), null);
        }

        ClientForm padded() {
            return new ClientForm(name, company, padded(emails), phone, line1, line2, postcode, city, country, vatNumber,
                    language);
        }

        private static List<String> padded(List<String> emails) {
            List<String> all = new ArrayList<>(emails == null ? List.of() : emails);
            while (all.size() < Clients.MAX_EMAILS) {
                all.add("");
            }
            return all;
        }
    }

    @GetMapping("/console/clients")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "") String cursor, Model model) {
        UUID after = FormFields.cursor(cursor);
        FormFields.page(model, "clients", clients.list(me.tenantId(), q.isBlank() ? null : q.strip(), after, PAGE_SIZE), PAGE_SIZE,
                Client::id, q, after);
        return "invoicing/clients";
    }

    @GetMapping("/console/clients/new")
    String blank(Model model) {
        return form(model, null, ClientForm.empty());
    }

    @PostMapping("/console/clients")
    String create(@AuthenticationPrincipal SignedIn me, @ModelAttribute ClientForm form, Model model,
                  HttpServletResponse response) {
        Client created;
        try {
            created = clients.create(me.tenantId(), form.input(null));
        } catch (DomainException refused) {
            return FormFields.refused(refused, response, model, () -> form(model, null, form));
        }
        return "redirect:/console/clients/" + created.id() + "?done=created";
    }

    @GetMapping("/console/clients/{id}")
    String client(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                  @RequestParam(defaultValue = "") String done, Model model) {
        Client c = clients.get(me.tenantId(), Ids.inPath(id, "client"));
        model.addAttribute("done", FormFields.DONE.contains(done) ? done : null);
        return form(model, c, ClientForm.of(c), me);
    }

    @PostMapping("/console/clients/{id}")
    String update(@AuthenticationPrincipal SignedIn me, @PathVariable String id, @ModelAttribute ClientForm form,
                  Model model, HttpServletResponse response) {
        Client current = clients.get(me.tenantId(), Ids.inPath(id, "client"));
        try {
            clients.update(me.tenantId(), current.id(), form.input(current));
        } catch (DomainException refused) {
            model.addAttribute("documents", clientDocuments(me.tenantId(), current.id()));
            return FormFields.refused(refused, response, model, () -> form(model, current, form));
        }
        return "redirect:/console/clients/" + current.id() + "?done=saved";
    }

    /** The client's latest documents; the rest are on the documents page, filtered by this client. */
    private List<DocumentSummary> clientDocuments(UUID tenantId, UUID clientId) {
        return documents.list(new DocumentStore.Filter(tenantId, null, null, clientId, null, null, null, null, null,
                DocumentPages.PAGE_SIZE));
    }

    private String form(Model model, Client client, ClientForm form, SignedIn me) {
        model.addAttribute("documents", clientDocuments(me.tenantId(), client.id()));
        return form(model, client, form);
    }

    private String form(Model model, Client client, ClientForm form) {
        model.addAttribute("client", client);
        model.addAttribute("form", form.padded());
        model.addAttribute("languages", Languages.SUPPORTED);
        return "invoicing/client";
    }
}
