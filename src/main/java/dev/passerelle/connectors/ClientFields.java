package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;

import java.util.List;

import dev.passerelle.invoicing.ClientInput;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.support.Address;
import tools.jackson.databind.JsonNode;

/** The client properties that upsert-client, find-client (to create) and update-client share. */
final class ClientFields {

    static final List<String> NAMES = List.of("name", "company", "email", "phone", "vatNumber", "language",
            "externalId", "addressLine1", "addressLine2", "postcode", "city", "country");

    private ClientFields() {
    }

    static final PropertySpec NAME = optional("name", PropertyType.TEXT, "Name",
            "The client's name (required to create one; else the e-mail stands for it).", null, "${event.name}");
    static final PropertySpec COMPANY = optional("company", PropertyType.TEXT, "Company", "Company name.", null,
            "${event.company}");
    static final PropertySpec EMAIL = optional("email", PropertyType.EMAIL, "E-mail",
            "Main e-mail address; also how an existing client is found.", null, "${event.email}");
    static final PropertySpec PHONE = optional("phone", PropertyType.TEXT, "Phone", null, null, "${event.phone}");
    static final PropertySpec VAT = optional("vatNumber", PropertyType.TEXT, "VAT number", null, null, "BE0123456789");
    static final PropertySpec LANGUAGE = optional("language", PropertyType.TEXT, "Language",
            "ISO 639-1: en, fr, de, it, es, nl.", null, "fr");
    static final PropertySpec EXTERNAL_ID = optional("externalId", PropertyType.TEXT, "External id",
            "The client's id in the other system; upserts by it first.", null, "${event.id}");
    static final PropertySpec SOURCE = optional("source", PropertyType.TEXT, "Source",
            "Names the other system in the external reference.", "route", "crm");
    static final List<PropertySpec> ADDRESS = List.of(
            optional("addressLine1", PropertyType.TEXT, "Address line 1", null, null, "${event.street}"),
            optional("addressLine2", PropertyType.TEXT, "Address line 2", null, null, null),
            optional("postcode", PropertyType.TEXT, "Postcode", null, null, "1000"),
            optional("city", PropertyType.TEXT, "City", null, null, "Bruxelles"),
            optional("country", PropertyType.TEXT, "Country", "ISO 3166-1 alpha-2.", null, "BE"));

    /** What the properties (or the {@code fields} mapping, in a route) say about a client to create or merge. */
    static ClientInput input(ActionCall call, JsonNode fields) {
        var in = call.scope();
        String email = call.field(fields, "email", in);
        String externalId = call.field(fields, "externalId", in);
        String name = call.field(fields, "name", in);
        if (name == null && email == null && externalId == null) {
            throw new ActionException("a client needs a name, an e-mail or an external id; all three resolved to nothing");
        }
        Address address = call.field(fields, "addressLine1", in) == null && call.field(fields, "city", in) == null ? null
                : new Address(call.field(fields, "addressLine1", in), call.field(fields, "addressLine2", in),
                call.field(fields, "postcode", in), call.field(fields, "city", in), null, call.field(fields, "country", in));
        ExternalRef ref = externalId == null ? null
                : new ExternalRef(call.requiredText("source"), call.connectionId(), externalId);
        // Without a name, an existing client keeps its own and a new one is named by its e-mail.
        return new ClientInput(name, call.field(fields, "company", in),
                email == null ? List.of() : List.of(email), call.field(fields, "phone", in), address, null,
                call.field(fields, "vatNumber", in), call.field(fields, "language", in), ref);
    }
}
