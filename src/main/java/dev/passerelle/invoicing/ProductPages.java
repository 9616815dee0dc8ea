package dev.passerelle.invoicing;

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

import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/** The console's products: a searchable list, a product's page (editable) and a form for a new one, over {@link Products}. */
@Controller
@ConsolePage
@Hidden
class ProductPages {

    static final int PAGE_SIZE = 25;

    private final Products products;

    ProductPages(Products products) {
        this.products = products;
    }

    /** The form's fields, as typed. */
    record ProductForm(String name, String sku, String unitPrice, String currency, String taxRate) {

        static ProductForm empty() {
            return new ProductForm("", "", "", "", "");
        }

        static ProductForm of(Product p) {
            return new ProductForm(p.name(), p.sku(), p.unitPrice() == null ? "" : p.unitPrice().toPlainString(),
                    p.currency(), p.taxRate() == null ? "" : p.taxRate().toPlainString());
        }

        ProductInput input() {
            return new ProductInput(FormFields.text(name, "name", 300), FormFields.text(sku, "sku", 100),
                    FormFields.number(unitPrice, "unitPrice", false), FormFields.text(currency, "currency", 3),
                    FormFields.number(taxRate, "taxRate", false), null);
        }
    }

    @GetMapping("/console/products")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "") String cursor, Model model) {
        UUID after = FormFields.cursor(cursor);
        FormFields.page(model, "products", products.list(me.tenantId(), q.isBlank() ? null : q.strip(), after, PAGE_SIZE), PAGE_SIZE,
                Product::id, q, after);
        return "invoicing/products";
    }

    @GetMapping("/console/products/new")
    String blank(Model model) {
        return form(model, null, ProductForm.empty());
    }

    @PostMapping("/console/products")
    String create(@AuthenticationPrincipal SignedIn me, @ModelAttribute ProductForm form, Model model,
                  HttpServletResponse response) {
        Product created;
        try {
            created = products.create(me.tenantId(), form.input());
        } catch (DomainException refused) {
            return FormFields.refused(refused, response, model, () -> form(model, null, form));
        }
        return "redirect:/console/products/" + created.id() + "?done=created";
    }

    @GetMapping("/console/products/{id}")
    String product(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                   @RequestParam(defaultValue = "") String done, Model model) {
        Product p = products.get(me.tenantId(), Ids.inPath(id, "product"));
        model.addAttribute("done", FormFields.DONE.contains(done) ? done : null);
        return form(model, p, ProductForm.of(p));
    }

    @PostMapping("/console/products/{id}")
    String update(@AuthenticationPrincipal SignedIn me, @PathVariable String id, @ModelAttribute ProductForm form,
                  Model model, HttpServletResponse response) {
        Product current = products.get(me.tenantId(), Ids.inPath(id, "product"));
        try {
            products.update(me.tenantId(), current.id(), form.input());
        } catch (DomainException refused) {
            return FormFields.refused(refused, response, model, () -> form(model, current, form));
        }
        return "redirect:/console/products/" + current.id() + "?done=saved";
    }

    private String form(Model model, Product product, ProductForm form) {
        model.addAttribute("product", product);
        model.addAttribute("form", form);
        return "invoicing/product";
    }
}
