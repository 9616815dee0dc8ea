package dev.passerelle.invoicing;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
@RequestMapping("/api/v1/products")
@Tag(name = "Products")
class ProductController {

    private final Products products;

    ProductController(Products products) {
        this.products = products;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a product", description = "409 if the SKU is taken.")
    Product create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody ProductInput input) {
        return products.create(tenant.tenantId(), withRef(input));
    }

    @PostMapping("/upsert")
    @Operation(summary = "Create or update a product, matched by external reference, then SKU")
    Product upsert(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody ProductInput input) {
        return products.upsert(tenant.tenantId(), withRef(input));
    }

    @GetMapping
    @Operation(summary = "List products", description = "`q` searches name and SKU.")
    Pages<Product> list(@AuthenticationPrincipal TenantPrincipal tenant, @RequestParam(required = false) String q,
                        @RequestParam(required = false) UUID cursor, @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        List<Product> page = products.list(tenant.tenantId(), q, cursor, size);
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/{id}")
    Product get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return products.get(tenant.tenantId(), id);
    }

    @PutMapping("/{id}")
    Product update(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @RequestBody ProductInput input) {
        return products.update(tenant.tenantId(), id, withRef(input));
    }

    private static ProductInput withRef(ProductInput in) {
        return new ProductInput(in.name(), in.sku(), in.unitPrice(), in.currency(), in.taxRate(),
                ApiRefs.normalise(in.externalRef()));
    }
}
