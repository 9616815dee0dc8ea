package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.Address;

/**
 * Creating, issuing and paying a document, and merging what a shop says about a buyer into its
 * client, return the result without reading it back; what they return must be exactly what a
 * later read returns, down to the scale of every number.
 */
@PasserelleTest
class WritesReturnWhatIsStoredTest {

    @Autowired
    Api api;
    @Autowired
    Clients clients;
    @Autowired
    Documents documents;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCreatedDocumentIsReturnedAsAReadReturnsIt() {
        UUID tenant = api.createTenant("exact figures").tenantId();
        Client client = buyer(tenant);

        Documents.Outcome created = documents.createOnce(tenant, awkward(client, "1"));

        assertThat(created.created()).isTrue();
        assertThat(created.document()).isEqualTo(documents.get(tenant, created.document().id()));
    }

    @Test
    void aDocumentCreatedIssuedAndPaidInOnePassIsReturnedAsAReadReturnsIt() {
        UUID tenant = api.createTenant("one pass").tenantId();
        Client client = buyer(tenant);

        Documents.Outcome outcome = documents.createIssuedOnce(tenant, awkward(client, "2"), client,
                new Payment(null, LocalDate.of(2026, 11, 20), "Card", "ch_1"), "test");

        Document document = outcome.document();
        assertThat(document.status()).isEqualTo(DocumentStatus.PAID);
        assertThat(document.number()).isNotNull();
        assertThat(document.balance()).isEqualByComparingTo("0");
        assertThat(document).isEqualTo(documents.get(tenant, document.id()));
        assertThat(documents.history(tenant, document.id())).extracting(DocumentHistoryEntry::action)
                .containsExactly("created", "issued", "payment");
        assertThat(jdbc.sql("SELECT type FROM domain_event WHERE subject_id = ? ORDER BY seq").param(document.id())
                .query(String.class).list())
                .containsExactly("document.created", "document.issued", "document.paid");
    }

    @Test
    void asecondCreationOfTheSameRecordChangesNothing() {
        UUID tenant = api.createTenant("twice").tenantId();
        Client client = buyer(tenant);
        Document first = documents.createIssuedOnce(tenant, awkward(client, "3"), client, null, "test").document();

        Documents.Outcome again = documents.createIssuedOnce(tenant, awkward(client, "3"), client,
                new Payment(null, null, null, null), "test");

        assertThat(again.created()).isFalse();
        assertThat(again.document()).isEqualTo(first);
        assertThat(first.status()).isEqualTo(DocumentStatus.ISSUED);
    }

    @Test
    void creditNotesForARefundAndForTheRestAreReturnedAsAReadReturnsThem() {
        UUID tenant = api.createTenant("credit notes").tenantId();
        Client client = buyer(tenant);
        Document invoice = documents.createIssuedOnce(tenant, awkward(client, "4"), client, null, "test").document();

        Document refund = documents.creditRefund(tenant, invoice.id(),
                new Documents.Refund("r1", new BigDecimal("10.00"), "#r1", "Kulanz"), "test").document();
        Document rest = documents.cancel(tenant, invoice.id(), "returned", "test");

        assertThat(refund).isEqualTo(documents.get(tenant, refund.id()));
        assertThat(rest).isEqualTo(documents.get(tenant, rest.id()));
        assertThat(refund.total().add(rest.total())).isEqualByComparingTo(invoice.total().negate());
        assertThat(documents.get(tenant, invoice.id()).status()).isEqualTo(DocumentStatus.CANCELLED);
        assertThat(documents.history(tenant, invoice.id())).extracting(DocumentHistoryEntry::action)
                .containsExactly("created", "issued", "credited", "cancelled");
    }

    @Test
    void aMergedClientIsReturnedAsAReadReturnsIt() {
        UUID tenant = api.createTenant("returning buyer").tenantId();
        ExternalRef shopCustomer = new ExternalRef("woocommerce", new UUID(0, 9), "42");
        Client known = clients.upsert(tenant, new ClientInput("Zoë Ångström", null, List.of("zoe@example.com"), null,
                new Address("Rue 1", null, "69001", "Lyon", null, "FR"), null, null, null, shopCustomer));

        Client merged = clients.merge(tenant, known, new ClientInput(" Zoë Ångström-Berg ", "Atelier Z",
                List.of("ZOE@example.com", "zoe.berg@example.com"), "+33 1 23", new Address("Rue 2", "Bât. B", "69002",
                "Lyon", null, "FR"), null, "FR123", "fr", shopCustomer));

        assertThat(merged).isEqualTo(clients.get(tenant, known.id()));
        assertThat(merged.emails()).containsExactly("zoe@example.com", "zoe.berg@example.com");
        assertThat(clients.findByEmail(tenant, "zoe.berg@example.com")).contains(merged);
    }

    @Test
    void aClientMergedWithAnotherShopReferenceIsReturnedWithIt() {
        UUID tenant = api.createTenant("second shop").tenantId();
        Client known = buyer(tenant);
        ExternalRef otherShop = new ExternalRef("woocommerce", new UUID(0, 11), "7");

        Client merged = clients.merge(tenant, known, new ClientInput("Zoë Ångström", null, List.of("zoe@example.com"),
                null, null, null, null, null, otherShop));

        assertThat(merged.externalRefs()).containsExactly(otherShop);
        assertThat(merged).isEqualTo(clients.get(tenant, known.id()));
    }

    private Client buyer(UUID tenant) {
        return clients.create(tenant, new ClientInput("Zoë Ångström", null, List.of("zoe@example.com"), null, null, null,
                null, null, null));
    }

    /** Numbers with more decimals than the columns keep, trailing zeros, and a line the shop computed. */
    private static DocumentDraft awkward(Client client, String orderId) {
        return new DocumentDraft(DocumentKind.INVOICE, client.id(), "EUR", true, List.of(
                new LineInput(LineInput.Type.ITEM, "Mug", "MUG-1", null, new BigDecimal("2.50000"),
                        new BigDecimal("33.333333"), new BigDecimal("0.125"), new BigDecimal("19.6"), "VAT", null, null),
                new LineInput(LineInput.Type.SHIPPING, "Shipping", null, null, null, new BigDecimal("4.9"), null,
                        new BigDecimal("7"), "VAT 7%", null, null),
                new LineInput(LineInput.Type.ITEM, "Teapot", "POT-2", null, new BigDecimal("3"), new BigDecimal("9.99"),
                        null, new BigDecimal("20.00"), "VAT", new BigDecimal("24.975"), new BigDecimal("4.995"))),
                "Merci !", null, null, null, "de", new ExternalRef("woocommerce", new UUID(0, 7), orderId));
    }
}
