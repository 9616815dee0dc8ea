package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.Product;
import dev.passerelle.invoicing.ProductInput;
import dev.passerelle.invoicing.Products;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Searches that answer a list, newest first, and may create what they did not find (Zapier's
 * search and search-or-create): recorded like any effect, since with {@code createIfMissing} they
 * write.
 */
@Configuration(proxyBeanMethods = false)
class FindActions {

    private static final PropertySpec CREATE_IF_MISSING = optional("createIfMissing", PropertyType.BOOLEAN,
            "Create if missing", "When nothing matches, create it from the other properties and answer it alone.",
            "false", "true");

    /** An action whose work is one call; the rest is its description. */
    private record Find(BlockSpec spec, Work work) implements Action {

        interface Work {
            JsonNode run(ActionCall call);
        }

        @Override
        public Effect effect() {
            return Effect.TRANSACTIONAL;
        }

        @Override
        public JsonNode run(ActionCall call) {
            return work.run(call);
        }
    }

    @Bean
    Action findClient(Clients clients, JsonMapper json) {
        List<PropertySpec> properties = new ArrayList<>(List.of(
                optional("email", PropertyType.EMAIL, "E-mail", "Finds the client with this address (any of its "
                        + "addresses, in any case).", null, "${event.email}"),
                optional("externalId", PropertyType.TEXT, "External id", "Finds the clients linked to this id of the "
                        + "`source` system.", null, "${event.id}"),
                ClientFields.SOURCE, CREATE_IF_MISSING, ClientFields.NAME, ClientFields.COMPANY, ClientFields.PHONE,
                ClientFields.VAT, ClientFields.LANGUAGE));
        properties.addAll(ClientFields.ADDRESS);
        return new Find(new BlockSpec("find-client", BlockSpec.Role.ACTION, "Find a client",
                "Finds clients by e-mail or by external id (both given: either), newest first. With createIfMissing "
                        + "and no match, creates the client from the given fields (the e-mail and external id "
                        + "included) and answers it alone.",
                properties, "A JSON list of clients as stored (id, name, emails, ...), newest first; empty when none."),
                call -> {
                    String email = call.text("email");
                    String externalId = call.text("externalId");
                    if (email == null && externalId == null) {
                        throw new InvalidProperties(List.of(new InvalidProperties.Problem("email",
                                "give an e-mail or an externalId to search by; both are empty")));
                    }
                    Map<UUID, Client> found = new LinkedHashMap<>();
                    if (externalId != null) {
                        clients.findByExternalId(call.tenantId(), call.requiredText("source"), externalId)
                                .forEach(c -> found.put(c.id(), c));
                    }
                    if (email != null) {
                        clients.findByEmail(call.tenantId(), email).ifPresent(c -> found.putIfAbsent(c.id(), c));
                    }
                    if (found.isEmpty() && call.bool("createIfMissing")) {
                        Client created = clients.upsert(call.tenantId(), ClientFields.input(call, json.createObjectNode()));
                        return json.valueToTree(List.of(created));
                    }
                    return json.valueToTree(found.values().stream()
                            .sorted(Comparator.comparing(Client::createdAt).thenComparing(Client::id).reversed())
                            .toList());
                });
    }

    @Bean
    Action findProduct(Products products, JsonMapper json) {
        return new Find(new BlockSpec("find-product", BlockSpec.Role.ACTION, "Find a product",
                "Finds the product with this SKU. With createIfMissing and no match, creates it from the given "
                        + "fields and answers it alone.",
                List.of(PropertySpec.required("sku", PropertyType.TEXT, "SKU", "The stock-keeping unit to find.",
                                "${event.sku}"),
                        CREATE_IF_MISSING,
                        optional("name", PropertyType.TEXT, "Name", "Required to create it.", null, "${event.name}"),
                        optional("unitPrice", PropertyType.DECIMAL, "Unit price", "Excluding tax, to create it.", null,
                                "${event.price}"),
                        optional("currency", PropertyType.TEXT, "Currency", "ISO 4217, to create it.", "EUR", "EUR"),
                        optional("taxRate", PropertyType.DECIMAL, "Tax rate", "Percent, to create it.", null, "21"),
                        optional("externalId", PropertyType.TEXT, "External id", "The product's id in the other "
                                + "system, to create it.", null, "${event.id}"),
                        optional("source", PropertyType.TEXT, "Source", "Names the other system in the external "
                                + "reference.", "route", "crm")),
                "A JSON list of products as stored (id, name, sku, unitPrice, ...): the one with the SKU, or empty."),
                call -> {
                    String sku = call.requiredText("sku");
                    var found = products.findBySku(call.tenantId(), sku);
                    if (found.isEmpty() && call.bool("createIfMissing")) {
                        if (!call.has("name")) {
                            throw new InvalidProperties(List.of(new InvalidProperties.Problem("name",
                                    "required to create the product (createIfMissing is true and no product has SKU "
                                            + sku + ")")));
                        }
                        String externalId = call.text("externalId");
                        ExternalRef ref = externalId == null ? null
                                : new ExternalRef(call.requiredText("source"), call.connectionId(), externalId);
                        Product created = products.upsert(call.tenantId(), new ProductInput(call.requiredText("name"),
                                sku, call.decimal("unitPrice"), call.text("currency"), call.decimal("taxRate"), ref));
                        return json.valueToTree(List.of(created));
                    }
                    return json.valueToTree(found.map(List::of).orElse(List.of()));
                });
    }
}
