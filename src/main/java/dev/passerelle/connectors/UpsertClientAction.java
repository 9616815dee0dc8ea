package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.ClientInput;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.support.Address;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a client, or updates the one with the same external id or e-mail. */
@Component
class UpsertClientAction implements Action {

    static final List<String> FIELDS = List.of("name", "company", "email", "phone", "vatNumber", "language",
            "externalId", "addressLine1", "addressLine2", "postcode", "city", "country");

    private final Clients clients;
    private final JsonMapper json;

    UpsertClientAction(Clients clients, JsonMapper json) {
        this.clients = clients;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("upsert-client", BlockSpec.Role.ACTION, "Create or update a client",
                "Finds the client by external id, else by e-mail, and updates it; creates it when there is none. "
                        + "Each field comes from its property or from the `fields` mapping.",
                List.of(optional("name", PropertyType.TEXT, "Name", "The client's name (required to create one).",
                                null, "${event.name}"),
                        optional("company", PropertyType.TEXT, "Company", "Company name.", null, "${event.company}"),
                        optional("email", PropertyType.TEXT, "E-mail", "Main e-mail address; also how an existing "
                                + "client is found.", null, "${event.email}"),
                        optional("phone", PropertyType.TEXT, "Phone", null, null, "${event.phone}"),
                        optional("vatNumber", PropertyType.TEXT, "VAT number", null, null, "BE0123456789"),
                        optional("language", PropertyType.TEXT, "Language", "ISO 639-1: en, fr, de, it, es, nl.", null,
                                "fr"),
                        optional("externalId", PropertyType.TEXT, "External id", "The client's id in the other system; "
                                + "upserts by it first.", null, "${event.id}"),
                        optional("source", PropertyType.TEXT, "Source", "Names the other system in the external "
                                + "reference.", "route", "crm"),
                        optional("addressLine1", PropertyType.TEXT, "Address line 1", null, null, "${event.street}"),
                        optional("addressLine2", PropertyType.TEXT, "Address line 2", null, null, null),
                        optional("postcode", PropertyType.TEXT, "Postcode", null, null, "1000"),
                        optional("city", PropertyType.TEXT, "City", null, null, "Bruxelles"),
                        optional("country", PropertyType.TEXT, "Country", "ISO 3166-1 alpha-2.", null, "BE"),
                        optional("fields", PropertyType.MAPPING, "Field mapping",
                                "A JSON object of field → template, e.g. {\"email\": \"${event.contact.mail}\"}, for any "
                                        + "of: " + String.join(", ", FIELDS) + ". Wins over the single properties.",
                                null, "${install.mapping}")),
                "The client as stored (id, name, emails, ...).");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        JsonNode fields = call.mapping("fields");
        for (var name : fields.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new ActionException("fields: unknown client field '" + name + "'; known: " + String.join(", ", FIELDS));
            }
        }
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
                : new ExternalRef(call.requiredText("source"), call.run().installationId(), externalId);
        ClientInput input = new ClientInput(name == null ? email : name, call.field(fields, "company", in),
                email == null ? List.of() : List.of(email), call.field(fields, "phone", in), address, null,
                call.field(fields, "vatNumber", in), call.field(fields, "language", in), ref);
        Client client = clients.upsert(call.tenantId(), input);
        return json.valueToTree(client);
    }
}
