package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/** Many workers at once, as with several instances: the database decides, nothing is duplicated. */
@PasserelleTest
class ConcurrencyTest {

    private static final int THREADS = 8;

    @Autowired
    Api api;
    @Autowired
    Clients clients;
    @Autowired
    Documents documents;
    @Autowired
    Products products;

    @Test
    void concurrentIssuingMakesGaplessUniqueNumbers() throws Exception {
        UUID tenant = api.createTenant("busy shop").tenantId();
        Client client = clients.create(tenant, new ClientInput("Buyer", null, List.of("buyer@example.com"), null, null,
                null, null, null, null));
        List<UUID> drafts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            drafts.add(documents.createOnce(tenant, draft(client.id(), null)).document().id());
        }

        List<Document> issued = runAtOnce(drafts.stream().<Callable<Document>>map(id -> () -> documents.issue(tenant, id)).toList());

        Set<String> numbers = new TreeSet<>();
        issued.forEach(d -> numbers.add(d.number()));
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        Set<String> expected = new TreeSet<>();
        for (int i = 1; i <= 40; i++) {
            expected.add(String.format("INV-%d-%05d", year, i));
        }
        assertThat(numbers).isEqualTo(expected);
    }

    @Test
    void aNewBuyerSeenByManyWorkersAtOnceBecomesOneClient() throws Exception {
        UUID tenant = api.createTenant("flash sale").tenantId();
        ExternalRef shopCustomer = new ExternalRef("woocommerce", UUID.randomUUID(), "77");
        List<Callable<Client>> upserts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            upserts.add(() -> clients.upsert(tenant, new ClientInput("Ana Núñez", null, List.of("Ana@Example.com"), null,
                    null, null, null, "es", shopCustomer)));
        }

        List<Client> results = runAtOnce(upserts);

        assertThat(results).extracting(Client::id).containsOnly(results.get(0).id());
        assertThat(clients.list(tenant, null, null, 10)).hasSize(1);
    }

    @Test
    void aShopProductWithoutSkuSeenByManyWorkersAtOnceBecomesOneProduct() throws Exception {
        UUID tenant = api.createTenant("no skus here").tenantId();
        ExternalRef shopProduct = new ExternalRef("woocommerce", UUID.randomUUID(), "product:31");
        List<Callable<Product>> upserts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            upserts.add(() -> products.upsert(tenant, new ProductInput("Hand-thrown mug", null, new BigDecimal("18.00"),
                    "EUR", new BigDecimal("20"), shopProduct)));
        }

        List<Product> results = runAtOnce(upserts);

        assertThat(results).extracting(Product::id).containsOnly(results.get(0).id());
        assertThat(products.list(tenant, null, null, 10)).extracting(Product::id).containsExactly(results.get(0).id());
    }

    @Test
    void oneDocumentPerExternalRecordWhateverTheRace() throws Exception {
        UUID tenant = api.createTenant("racing deliveries").tenantId();
        Client client = clients.create(tenant, new ClientInput("Buyer", null, List.of(), null, null, null, null, null, null));
        ExternalRef order = new ExternalRef("woocommerce", UUID.randomUUID(), "727");
        List<Callable<Documents.Outcome>> creates = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            creates.add(() -> documents.createOnce(tenant, draft(client.id(), order)));
        }

        List<Documents.Outcome> outcomes = runAtOnce(creates);

        assertThat(outcomes).extracting(o -> o.document().id()).containsOnly(outcomes.get(0).document().id());
        assertThat(outcomes).filteredOn(Documents.Outcome::created).hasSize(1);
    }

    private static DocumentDraft draft(UUID clientId, ExternalRef ref) {
        return new DocumentDraft(DocumentKind.INVOICE, clientId, "EUR", false, List.of(new LineInput(LineInput.Type.ITEM,
                "Thing", null, null, BigDecimal.ONE, new BigDecimal("10.00"), null, new BigDecimal("20"), "VAT", null,
                null)), null, null, null, null, null, ref);
    }

    /** Runs every task at the same moment; a task that loses a race may retry once, as the inbox would. */
    private static <T> List<T> runAtOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (org.springframework.dao.DataAccessException e) {
                        return task.call();
                    }
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
