package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a client, or updates the one with the same external id or e-mail. */
@Component
class UpsertClientAction implements Action {

    static final List<String> FIELDS = ClientFields.NAMES;

    private final Clients clients;
    private final JsonMapper json;

    UpsertClientAction(Clients clients, JsonMapper json) {
        this.clients = clients;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        List<PropertySpec> properties = new ArrayList<>(List.of(ClientFields.NAME, ClientFields.COMPANY,
                ClientFields.EMAIL, ClientFields.PHONE, ClientFields.VAT, ClientFields.LANGUAGE,
                ClientFields.EXTERNAL_ID, ClientFields.SOURCE));
        properties.addAll(ClientFields.ADDRESS);
        properties.add(optional("fields", PropertyType.MAPPING, "Field mapping",
                "A JSON object of field → template, e.g. {\"email\": \"${event.contact.mail}\"}, for any "
                        + "of: " + String.join(", ", FIELDS) + ". Wins over the single properties.",
                null, "${install.mapping}"));
        return new BlockSpec("upsert-client", BlockSpec.Role.ACTION, "Create or update a client",
                "Finds the client by external id, else by e-mail, and updates it; creates it when there is none. "
                        + "Each field comes from its property or, in a route, from the `fields` mapping. An update "
                        + "fills and adds, never removes: a new e-mail is added to the client's addresses.",
                properties, "The client as stored (id, name, emails, ...).");
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
        Client client = clients.upsert(call.tenantId(), ClientFields.input(call, fields));
        return json.valueToTree(client);
    }
}
