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
@RequestMapping("/api/v1/clients")
@Tag(name = "Clients")
class ClientController {

    private final Clients clients;

    ClientController(Clients clients) {
        this.clients = clients;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a client", description = "409 if one of the e-mail addresses already belongs to a client.")
    Client create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody ClientInput input) {
        return clients.create(tenant.tenantId(), withRef(input));
    }

    @PostMapping("/upsert")
    @Operation(summary = "Create or update a client, matched by external reference, then by any e-mail address")
    Client upsert(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody ClientInput input) {
        return clients.upsert(tenant.tenantId(), withRef(input));
    }

    @GetMapping
    @Operation(summary = "List clients", description = "`q` searches name, company and e-mail; `email` finds one exactly.")
    Pages<Client> list(@AuthenticationPrincipal TenantPrincipal tenant, @RequestParam(required = false) String q,
                       @RequestParam(required = false) String email, @RequestParam(required = false) UUID cursor,
                       @RequestParam(required = false) Integer limit) {
        if (email != null) {
            return new Pages<>(clients.findByEmail(tenant.tenantId(), email).map(List::of).orElse(List.of()), null);
        }
        int size = Pages.clampLimit(limit);
        List<Client> page = clients.list(tenant.tenantId(), q, cursor, size);
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/{id}")
    Client get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return clients.get(tenant.tenantId(), id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a client's details")
    Client update(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @RequestBody ClientInput input) {
        return clients.update(tenant.tenantId(), id, withRef(input));
    }

    private static ClientInput withRef(ClientInput in) {
        return new ClientInput(in.name(), in.company(), in.emails(), in.phone(), in.billingAddress(), in.shippingAddress(),
                in.vatNumber(), in.language(), ApiRefs.normalise(in.externalRef()));
    }
}
