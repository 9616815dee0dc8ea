package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.ProductInput;
import dev.passerelle.invoicing.Products;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a product, or updates the one with the same external id or SKU. */
@Component
class UpsertProductAction implements Action {

    private final Products products;
    private final JsonMapper json;

    UpsertProductAction(Products products, JsonMapper json) {
        this.products = products;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("upsert-product", BlockSpec.Role.ACTION, "Create or update a product",
                "Finds the product by external id, else by SKU, and updates it; creates it when there is none.",
                List.of(PropertySpec.required("name", PropertyType.TEXT, "Name", "The product's name.", "${event.name}"),
                        optional("sku", PropertyType.TEXT, "SKU", "Stock-keeping unit; also how an existing product is "
                                + "found.", null, "${event.sku}"),
                        optional("unitPrice", PropertyType.DECIMAL, "Unit price", "Excluding tax.", null,
                                "${event.price}"),
                        optional("currency", PropertyType.TEXT, "Currency", "ISO 4217.", "EUR", "EUR"),
                        optional("taxRate", PropertyType.DECIMAL, "Tax rate", "Percent, e.g. 21.", null, "21"),
                        optional("externalId", PropertyType.TEXT, "External id", "The product's id in the other system.",
                                null, "${event.id}"),
                        optional("source", PropertyType.TEXT, "Source", "Names the other system in the external "
                                + "reference.", "route", "crm")),
                "The product as stored.");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        String externalId = call.text("externalId");
        ExternalRef ref = externalId == null ? null
                : new ExternalRef(call.requiredText("source"), call.connectionId(), externalId);
        return json.valueToTree(products.upsert(call.tenantId(), new ProductInput(call.requiredText("name"),
                call.text("sku"), call.decimal("unitPrice"), call.text("currency"), call.decimal("taxRate"), ref)));
    }
}
