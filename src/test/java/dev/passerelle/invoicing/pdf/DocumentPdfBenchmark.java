package dev.passerelle.invoicing.pdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.support.Address;
import dev.passerelle.tenancy.CompanyProfile;

/**
 * What one document PDF costs to render, through the code the server runs for every emailed
 * invoice ({@link DocumentPdfs#pdf}: model, template, openhtmltopdf, PDFBox), without a database.
 * The invoice is a paid WooCommerce order as {@code bench/orders} makes them (items with SKUs and
 * a shipping line, stamped PAID), from a shop whose profile is filled in: {@code lines=4} is one
 * page, {@code lines=60} several. Finishers (Factur-X) are not run: the shops of bench/orders do not
 * use them.
 *
 * <p>Not a unit test (the name does not end in Test and surefire leaves {@code jmh_generated} out):
 * run it with {@code bench/pdf/run.sh}, which prints ms per render, ms per page and bytes
 * allocated per render. The setup prints {@code PAGES lines=N pages=P} for the script, and each
 * measurement iteration {@code CPU lines=N renders=R thread_ns=T process_ns=P wall_ns=W alloc=B}: the
 * CPU time the rendering thread and the whole JVM (with the collector's threads) spent, which a
 * machine shared with other work does not inflate the way it does wall-clock time, and the bytes
 * the rendering thread allocated.
 */
// A fixed number of renders per iteration, not a fixed time: on a machine shared with other work a
// timed warm-up leaves the JIT compiling (and the CPU per render inflated) by however much less it got.
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 15, batchSize = 100)
@Measurement(iterations = 10, batchSize = 30)
public class DocumentPdfBenchmark {

    @Param({ "4", "60" })
    public int lines;

    private DocumentPdfs pdfs;
    private Document invoice;
    private CompanyProfile shop;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long renders;
    private long threadCpu;
    private long processCpu;
    private long wall;
    private long allocated;

    @Setup
    public void setUp() {
        pdfs = new DocumentPdfs(null, null, List.of());
        invoice = paidInvoice(lines);
        shop = shop();
        byte[] pdf = render();
        try (PDDocument read = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(read);
            for (String expected : List.of("Atelier Lumière SARL", "INV-2026-01042", "Ship Your Idea", "PAID",
                    "Flat rate shipping", "Total")) {
                if (!text.contains(expected)) {
                    throw new IllegalStateException("the rendered invoice does not show '" + expected + "':\n" + text);
                }
            }
            System.out.println("PAGES lines=" + lines + " pages=" + read.getNumberOfPages() + " bytes=" + pdf.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        renders = 0;
        threadCpu = threads.getCurrentThreadCpuTime();
        processCpu = os.getProcessCpuTime();
        allocated = allocated();
        wall = System.nanoTime();
    }

    private long allocated() {
        return ((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            System.out.println("CPU lines=" + lines + " renders=" + renders + " thread_ns="
                    + (threads.getCurrentThreadCpuTime() - threadCpu) + " process_ns=" + (os.getProcessCpuTime() - processCpu)
                    + " wall_ns=" + (System.nanoTime() - wall) + " alloc=" + (allocated() - allocated));
        }
    }

    @Benchmark
    public byte[] render() {
        renders++;
        return pdfs.pdf(invoice, shop, null);
    }

    static CompanyProfile shop() {
        return new CompanyProfile("Atelier Lumière", "Atelier Lumière SARL",
                new Address("12 rue des Lampistes", null, "69002", "Lyon", null, "FR"), "FR 40 123456789",
                "factures@atelier-lumiere.example", "+33 4 72 00 00 00",
                new CompanyProfile.BankDetails("Banque Rhône-Alpes", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP"),
                14, null, "en", null);
    }

    /** {@code count - 1} items from a small catalogue, then the shipping line; VAT 20 % and 5.5 %. */
    static Document paidInvoice(int count) {
        String[][] catalogue = {
                { "Ship Your Idea – Color: Black, Size: M", "Bar3", "12.00", "20" },
                { "Woo Single #1", "SKU-017", "3.00", "20" },
                { "Thé vert Sencha bio – 100 g", "SKU-104", "7.35", "5.5" },
                { "Théière en fonte « Sakura »", "THEIERE-SAKURA", "37.35", "20" },
                { "Braided cable, 2 m", "SKU-188", "2.22", "20" },
        };
        List<Document.Line> lines = new ArrayList<>();
        Map<BigDecimal, BigDecimal[]> byRate = new TreeMap<>();
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        for (int i = 0; i < count; i++) {
            boolean shipping = i == count - 1;
            String[] item = catalogue[i % catalogue.length];
            BigDecimal quantity = shipping ? BigDecimal.ONE : BigDecimal.valueOf(1 + i % 3);
            BigDecimal unit = new BigDecimal(shipping ? "10.00" : item[2]);
            BigDecimal rate = new BigDecimal(shipping ? "20" : item[3]);
            BigDecimal lineNet = unit.multiply(quantity).setScale(2, RoundingMode.HALF_UP);
            BigDecimal lineTax = lineNet.multiply(rate).movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
            lines.add(new Document.Line(i + 1, shipping ? LineInput.Type.SHIPPING : LineInput.Type.ITEM,
                    shipping ? "Flat rate shipping" : item[0], shipping ? null : item[1], quantity, unit, null, rate,
                    "VAT", lineNet, lineTax, lineNet.add(lineTax)));
            BigDecimal[] sums = byRate.computeIfAbsent(rate, r -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
            sums[0] = sums[0].add(lineNet);
            sums[1] = sums[1].add(lineTax);
            net = net.add(lineNet);
            tax = tax.add(lineTax);
        }
        List<Document.TaxTotal> taxes = byRate.entrySet().stream()
                .map(e -> new Document.TaxTotal(e.getKey(), "VAT", e.getValue()[0], e.getValue()[1])).toList();
        BigDecimal total = net.add(tax);
        Document.ClientSnapshot buyer = new Document.ClientSnapshot("Zoë Ångström-Müller", "Maison Ærø SARL",
                List.of("zoe.angstrom@example.fr"),
                new Address("12 rue de l’Église", "Bâtiment C", "42000", "Saint-Étienne", null, "FR"),
                new Address("969 Market", null, "94103", "San Francisco", "CA", "US"), null);
        Instant at = Instant.parse("2026-03-05T10:15:30Z");
        return new Document(UUID.fromString("01900000-0000-7000-8000-000000001042"), DocumentKind.INVOICE,
                DocumentStatus.PAID, "INV-2026-01042", UUID.fromString("01900000-0000-7000-8000-0000000000c1"), buyer,
                "EUR", false, lines, taxes, net, tax, total, total, BigDecimal.ZERO.setScale(2), null, null,
                LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 19), "en",
                new ExternalRef("woocommerce", UUID.fromString("01900000-0000-7000-8000-0000000000a1"), "1001042"),
                null, "token", at, at);
    }
}
