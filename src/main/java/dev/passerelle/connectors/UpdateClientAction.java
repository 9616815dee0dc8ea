package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.required;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.ClientInput;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.support.Address;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Changes the fields given of one client, by id; what is not given (or empty) stays as it is. */
@Component
class UpdateClientAction implements Action {

    private final Clients clients;
    private final JsonMapper json;

    UpdateClientAction(Clients clients, JsonMapper json) {
        this.clients = clients;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        List<PropertySpec> properties = new ArrayList<>(List.of(
                required("clientId", PropertyType.UUID, "Client", "The client's id.", "${body.id}"),
                ClientFields.NAME, ClientFields.COMPANY,
                PropertySpec.optional("email", PropertyType.EMAIL, "E-mail", "Replaces the client's main e-mail "
                        + "address; its other addresses stay.", null, "${event.email}"),
                ClientFields.PHONE, ClientFields.VAT, ClientFields.LANGUAGE,
                PropertySpec.optional("externalId", PropertyType.TEXT, "External id", "Links the client to its id in "
                        + "the other system (its earlier links stay).", null, "${event.id}"),
                ClientFields.SOURCE));
        properties.addAll(ClientFields.ADDRESS);
        return new BlockSpec("update-client", BlockSpec.Role.ACTION, "Update a client",
                "Changes the given fields of the client with this id; a field not given, or given empty, keeps its "
                        + "value. Address fields change the billing address one by one.",
                properties, "The client as stored (id, name, emails, ...).");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        Client current = clients.get(call.tenantId(), call.requiredUuid("clientId"));
        List<String> emails = new ArrayList<>(current.emails());
        String email = call.text("email");
        if (email != null) {
            // The given address becomes the main one, in place of the old main; the others stay.
            if (!emails.isEmpty()) {
                emails.remove(0);
            }
            emails.removeIf(e -> e.equalsIgnoreCase(email));
            emails.add(0, email);
        }
        Address was = current.billingAddress() == null ? new Address(null, null, null, null, null, null)
                : current.billingAddress();
        Address address = new Address(or(call, "addressLine1", was.line1()), or(call, "addressLine2", was.line2()),
                or(call, "postcode", was.postcode()), or(call, "city", was.city()), was.state(),
                or(call, "country", was.country()));
        boolean noAddress = current.billingAddress() == null && ClientFields.ADDRESS.stream().noneMatch(
                p -> call.has(p.name()));
        String externalId = call.text("externalId");
        ExternalRef ref = externalId == null ? null
                : new ExternalRef(call.requiredText("source"), call.connectionId(), externalId);
        ClientInput input = new ClientInput(or(call, "name", current.name()), or(call, "company", current.company()),
                emails, or(call, "phone", current.phone()), noAddress ? null : address, current.shippingAddress(),
                or(call, "vatNumber", current.vatNumber()), or(call, "language", current.language()), ref);
        return json.valueToTree(clients.update(call.tenantId(), current.id(), input));
    }

    private static String or(ActionCall call, String name, String current) {
        String given = call.text(name);
        return given != null ? given : current;
    }
}
