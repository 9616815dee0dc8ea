package dev.passerelle.einvoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.passerelle.Api;

/**
 * A Belgian seller and its buyers, as the e-invoicing tests use them: valid Belgian enterprise
 * numbers (their modulo 97 holds), a real-format IBAN and BIC, buyers in Belgium, France,
 * Germany and the United States.
 */
final class Sellers {

    static final String SELLER_VAT = "BE0403170701";
    static final String SELLER_IBAN = "BE68 5390 0754 7034";
    static final String SELLER_BIC = "GKCCBEBB";

    final Api api;
    final Api.TenantKey tenant;

    private Sellers(Api api, Api.TenantKey tenant) {
        this.api = api;
        this.tenant = tenant;
    }

    static Sellers belgian(Api api, String name) {
        Api.TenantKey tenant = api.createTenant(name);
        Map<String, Object> profile = new HashMap<>();
        profile.put("name", name);
        profile.put("legalName", name + " SRL");
        profile.put("address", Map.of("line1", "Rue du Marché 12", "postcode", "1000", "city", "Bruxelles", "country", "BE"));
        profile.put("vatNumber", SELLER_VAT);
        profile.put("email", "factures@brasserie.example");
        profile.put("phone", "+32 2 555 01 02");
        profile.put("bank", Map.of("bankName", "KBC", "iban", SELLER_IBAN, "bic", SELLER_BIC));
        profile.put("paymentTermsDays", 30);
        profile.put("defaultLanguage", "fr");
        Api.Response saved = api.put("/api/v1/settings/company", tenant.apiKey(), profile);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        return new Sellers(api, tenant);
    }

    String key() {
        return tenant.apiKey();
    }

    /** A Belgian company: its Peppol id is 0208 and its enterprise number. */
    String belgianCompany() {
        return client("Jan Peeters", "Peeters Bouw BV", "jan@peeters-bouw.example",
                Map.of("line1", "Kerkstraat 1", "postcode", "9000", "city", "Gent", "country", "BE"), "BE0812345603", "nl");
    }

    /** Another EU member state's company: tax-free sales to it are reverse-charged. */
    String frenchCompany() {
        return client("Claire Martin", "Lumière SAS", "claire@lumiere.example",
                Map.of("line1", "12 rue des Lampistes", "postcode", "69002", "city", "Lyon", "country", "FR"),
                "FR40123456789", "fr");
    }

    String germanCompany() {
        return client("Jonas Keller", "Keller Getränke GmbH", "jonas@keller.example",
                Map.of("line1", "Torstraße 5", "postcode", "10119", "city", "Berlin", "country", "DE"), "DE812345678", "de");
    }

    String germanConsumer() {
        return client("Łucja Weiß", null, "lucja@example.de",
                Map.of("line1", "Schönhauser Allee 42", "postcode", "10435", "city", "Berlin", "country", "DE"), null, "de");
    }

    String americanCompany() {
        return client("Sam Ortiz", "Ortiz Imports LLC", "sam@ortiz.example",
                Map.of("line1", "500 Market St", "postcode", "94105", "city", "San Francisco", "state", "CA", "country", "US"),
                null, "en");
    }

    String client(String name, String company, String email, Map<String, Object> address, String vat, String language) {
        Map<String, Object> client = new HashMap<>();
        client.put("name", name);
        if (company != null) {
            client.put("company", company);
        }
        client.put("emails", List.of(email));
        client.put("billingAddress", address);
        if (vat != null) {
            client.put("vatNumber", vat);
        }
        client.put("language", language);
        Api.Response created = api.post("/api/v1/clients", key(), client);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    /** A draft; {@code extra} overrides or adds fields (currency, pricesIncludeTax, externalRef, ...). */
    String draft(String kind, String clientId, List<Map<String, Object>> lines, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", kind, "clientId", clientId, "currency", "EUR",
                "issueDate", "2026-03-05", "lines", lines));
        body.putAll(extra);
        Api.Response created = api.post("/api/v1/documents", key(), body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    String issued(String kind, String clientId, List<Map<String, Object>> lines, Map<String, Object> extra) {
        String id = draft(kind, clientId, lines, extra);
        Api.Response issued = api.post("/api/v1/documents/" + id + "/issue", key(), null);
        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        return id;
    }

    static Map<String, Object> line(String type, String description, String qty, String price, String discount, String rate) {
        Map<String, Object> line = new HashMap<>(Map.of("type", type, "description", description, "quantity", qty,
                "unitPrice", price, "taxRate", rate));
        if (discount != null) {
            line.put("discount", discount);
        }
        return line;
    }

    static List<Map<String, Object>> lines(Map<String, Object>... lines) {
        return new ArrayList<>(List.of(lines));
    }
}
