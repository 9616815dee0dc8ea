package dev.passerelle.invoicing.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.stereotype.Service;

import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentLabels;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import dev.passerelle.support.Address;
import dev.passerelle.support.Languages;

/**
 * The PDF a client receives for a document: {@code pdf/document.html} filled with the document,
 * the tenant's company profile and the labels of the document's language, rendered by
 * openhtmltopdf with an embedded DejaVu Sans (so any Latin, Greek or Cyrillic name prints).
 * Rendered on demand from the stored document, never cached: a paid invoice shows it is paid.
 */
@Service
public class DocumentPdfs {

    /** The family the template's CSS names; both its weights are embedded. */
    static final String FONT = "DejaVu Sans";

    private final Documents documents;
    private final CompanyProfiles profiles;
    private final PdfTemplate template = PdfTemplate.load("pdf/document.html");
    // Read once: parsing the TrueType files and their metrics is most of a render's cost otherwise.
    private final byte[] regular = font("DejaVuSans.ttf");
    private final byte[] bold = font("DejaVuSans-Bold.ttf");
    private final FSDefaultCacheStore fontMetrics = new FSDefaultCacheStore();
    /**
     * Parsed fonts, kept between renders: loading the 750 KB font files into each PDF took 15 % of
     * the CPU of emailing invoices (bench/orders). A parsed font reads its tables lazily and is
     * not thread-safe, so each render borrows a pair; there are as many pairs as renders at once.
     */
    private final Queue<ParsedFonts> parsedFonts = new ConcurrentLinkedQueue<>();

    private record ParsedFonts(TrueTypeFont regular, TrueTypeFont bold) {
    }

    DocumentPdfs(Documents documents, CompanyProfiles profiles) {
        this.documents = documents;
        this.profiles = profiles;
        OpenHtmlToPdfLogging.install();
    }

    /** Renders a document of this tenant; another tenant's document is a 404 problem. */
    public RenderedPdf render(UUID tenantId, UUID documentId) {
        Document document = documents.get(tenantId, documentId);
        CompanyProfile profile = profiles.get(tenantId);
        String creditedNumber = document.creditNoteFor() == null ? null
                : documents.find(tenantId, document.creditNoteFor()).map(Document::number).orElse(null);
        String language = Languages.first(document.language(), profile.defaultLanguage());
        Function<String, String> labels = DocumentLabels.of(language);
        Model model = new Model(document, profile, creditedNumber, Locale.forLanguageTag(language), labels);
        org.w3c.dom.Document html = template.fill(model.build(), labels);
        return new RenderedPdf(fileName(document), toPdf(html));
    }

    static String fileName(Document document) {
        if (document.number() == null) {
            String id = document.id().toString();
            // The end of a UUIDv7 is random; its start is a timestamp shared by neighbouring drafts.
            return "draft-" + id.substring(id.length() - 8) + ".pdf";
        }
        return document.number().replaceAll("[^A-Za-z0-9._-]", "-") + ".pdf";
    }

    private byte[] toPdf(org.w3c.dom.Document html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        ParsedFonts fonts = borrowFonts();
        try (PDDocument pdf = new PDDocument()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withProducer("Passerelle");
            builder.usePDDocument(pdf);
            builder.useCacheStore(PdfRendererBuilder.CacheStore.PDF_FONT_METRICS, fontMetrics);
            // Subsets of the parsed fonts are embedded in this PDF; the parsed fonts stay as they are.
            builder.useFont(new PDFontSupplier(embed(pdf, fonts.regular())), FONT, 400, FontStyle.NORMAL, true);
            builder.useFont(new PDFontSupplier(embed(pdf, fonts.bold())), FONT, 700, FontStyle.NORMAL, true);
            // The template loads nothing but the logo's data: URI; never follow a URL from anywhere.
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withW3cDocument(html, "about:blank");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            parsedFonts.offer(fonts);
        }
        return out.toByteArray();
    }

    private ParsedFonts borrowFonts() {
        ParsedFonts fonts = parsedFonts.poll();
        return fonts != null ? fonts : new ParsedFonts(parse(regular), parse(bold));
    }

    private static TrueTypeFont parse(byte[] font) {
        try {
            return new TTFParser().parse(new RandomAccessReadBuffer(font));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDFont embed(PDDocument pdf, TrueTypeFont font) {
        try {
            return PDType0Font.load(pdf, font, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] font(String file) {
        try (InputStream in = DocumentPdfs.class.getClassLoader().getResourceAsStream("pdf/fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("font pdf/fonts/" + file + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the template shows, formatted for the document's language. */
    private static final class Model {

        private final Document d;
        private final CompanyProfile profile;
        private final String creditedNumber;
        private final Locale locale;
        private final Function<String, String> labels;
        private final NumberFormat money;
        private final NumberFormat amount;
        private final NumberFormat quantity;
        private final NumberFormat percent;
        private final DateTimeFormatter dates;

        Model(Document d, CompanyProfile profile, String creditedNumber, Locale locale, Function<String, String> labels) {
            this.d = d;
            this.profile = profile;
            this.creditedNumber = creditedNumber;
            this.locale = locale;
            this.labels = labels;
            Currency currency = Currency.getInstance(d.currency());
            int scale = Math.max(currency.getDefaultFractionDigits(), 0);
            this.money = NumberFormat.getCurrencyInstance(locale);
            money.setCurrency(currency);
            money.setMinimumFractionDigits(scale);
            money.setMaximumFractionDigits(scale);
            this.amount = NumberFormat.getNumberInstance(locale);
            amount.setMinimumFractionDigits(scale);
            amount.setMaximumFractionDigits(scale);
            this.quantity = NumberFormat.getNumberInstance(locale);
            quantity.setMaximumFractionDigits(4);
            this.percent = NumberFormat.getPercentInstance(locale);
            percent.setMaximumFractionDigits(3);
            this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        }

        Map<String, Object> build() {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean invoice = d.kind() == DocumentKind.INVOICE;
            boolean prices = d.kind() != DocumentKind.DELIVERY_NOTE;
            String title = label(titleKey());
            m.put("lang", locale.getLanguage());
            m.put("title", title);
            m.put("number", d.number());
            m.put("fileTitle", title + (d.number() == null ? "" : " " + d.number()) + " · " + profile.name());
            m.put("footerNumber", d.number());
            m.put("seller", seller());
            m.put("bank", bank());
            // A delivery note goes with the parcel: it is addressed where the goods go.
            m.put("clientLabel", label(prices ? "billTo" : "shipTo"));
            m.put("client", client(prices ? d.client().billingAddress() : deliveryAddress()));
            m.put("shipTo", prices ? shipTo() : List.of());
            m.put("issueDate", date(d.issueDate()));
            m.put("dueDate", invoice ? date(d.dueDate()) : null);
            m.put("orderReference", d.externalRef() == null ? null : d.externalRef().id());
            m.put("creditFor", creditedNumber);
            m.put("currency", prices ? d.currency() : null);
            m.put("stamp", stamp());
            m.put("stampClass", d.status() == DocumentStatus.CANCELLED ? "cancelled" : null);
            m.put("showPrices", prices);
            m.put("showDiscount", prices && d.lines().stream().anyMatch(l -> l.discount() != null && l.discount().signum() != 0));
            m.put("unitPriceLabel", label("unitPrice"));
            m.put("amountLabel", label(d.pricesIncludeTax() ? "amountInclTax" : "amountExclTax"));
            // Shipping and fees are charges, not goods: a delivery note lists only what is in the parcel.
            m.put("lines", d.lines().stream().filter(l -> prices || l.type() == LineInput.Type.ITEM).map(this::line)
                    .toList());
            // An untaxed group is only worth a row when it is named (e.g. "Reverse charge").
            m.put("taxes", d.taxes().stream()
                    .filter(t -> t.tax().signum() != 0 || t.rate().signum() != 0 || blankToNull(t.label()) != null)
                    .map(this::tax).toList());
            m.put("totalNet", money.format(d.totalNet()));
            m.put("totalTax", money.format(d.totalTax()));
            m.put("totalLabel", label(d.kind() == DocumentKind.CREDIT_NOTE ? "totalCredit" : "total"));
            m.put("total", money.format(d.total()));
            boolean open = invoice && d.number() != null && d.status() != DocumentStatus.CANCELLED;
            m.put("amountPaid", open && d.amountPaid().signum() != 0 ? money.format(d.amountPaid()) : null);
            m.put("amountDue", open && d.amountPaid().signum() != 0 ? money.format(d.balance()) : null);
            m.put("customerNote", blankToNull(d.customerNote()));
            m.put("payment", payment(open));
            m.put("thanks", d.kind() == DocumentKind.CREDIT_NOTE ? null : label("thanks"));
            return m;
        }

        private String titleKey() {
            return DocumentLabels.titleKey(d.kind());
        }

        private String stamp() {
            if (d.status() == DocumentStatus.CANCELLED && d.number() != null) {
                return label("stampCancelled").toUpperCase(locale);
            }
            return d.status() == DocumentStatus.PAID ? label("stampPaid").toUpperCase(locale) : null;
        }

        private Map<String, Object> seller() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", profile.name());
            s.put("legalName", blankToNull(profile.legalName()) == null ? profile.name() : profile.legalName());
            s.put("addressLines", addressLines(profile.address(), null));
            s.put("vatNumber", blankToNull(profile.vatNumber()));
            s.put("email", blankToNull(profile.email()));
            s.put("phone", blankToNull(profile.phone()));
            s.put("logo", profile.logoPng() == null ? null
                    : "data:image/png;base64," + Base64.getEncoder().encodeToString(profile.logoPng()));
            return s;
        }

        private Map<String, Object> bank() {
            Map<String, Object> b = new LinkedHashMap<>();
            CompanyProfile.BankDetails bank = profile.bank();
            if (bank != null) {
                b.put("bankName", blankToNull(bank.bankName()));
                b.put("iban", blankToNull(bank.iban()));
                b.put("bic", blankToNull(bank.bic()));
            }
            return b;
        }

        private Map<String, Object> client(Address address) {
            Document.ClientSnapshot c = d.client();
            Map<String, Object> m = new LinkedHashMap<>();
            boolean company = blankToNull(c.company()) != null && !c.company().strip().equals(c.name().strip());
            m.put("name", c.name());
            m.put("company", company ? c.company() : null);
            m.put("addressLines", addressLines(address, sellerCountry()));
            m.put("vatNumber", blankToNull(c.vatNumber()));
            return m;
        }

        private List<Map<String, Object>> shipTo() {
            Address shipping = d.client().shippingAddress();
            if (shipping == null || addressLines(shipping, null).isEmpty()
                    || Objects.equals(shipping, d.client().billingAddress())) {
                return List.of();
            }
            return addressLines(shipping, sellerCountry());
        }

        private Address deliveryAddress() {
            Address shipping = d.client().shippingAddress();
            return shipping != null && !addressLines(shipping, null).isEmpty() ? shipping : d.client().billingAddress();
        }

        private String sellerCountry() {
            return profile.address() == null ? null : profile.address().country();
        }

        /** Postal lines; the country is printed when it is not the seller's own. */
        private List<Map<String, Object>> addressLines(Address a, String homeCountry) {
            List<Map<String, Object>> lines = new ArrayList<>();
            if (a == null) {
                return lines;
            }
            addLine(lines, a.line1());
            addLine(lines, a.line2());
            String country = blankToNull(a.country()) == null ? null : a.country().strip().toUpperCase(Locale.ROOT);
            boolean cityFirst = country != null && Set.of("GB", "US", "CA", "AU", "IE", "NZ").contains(country);
            String city = blankToNull(a.city()) == null ? "" : a.city().strip();
            String postcode = blankToNull(a.postcode()) == null ? "" : a.postcode().strip();
            String state = blankToNull(a.state()) == null ? "" : a.state().strip();
            if (cityFirst) {
                addLine(lines, (city + (state.isEmpty() ? "" : ", " + state) + " " + postcode).strip());
            } else {
                addLine(lines, (postcode + " " + city).strip());
                addLine(lines, state);
            }
            if (country != null && !country.equals(homeCountry)) {
                String name = new Locale("", country).getDisplayCountry(locale);
                addLine(lines, name.isBlank() ? country : name);
            }
            return lines;
        }

        private static void addLine(List<Map<String, Object>> lines, String text) {
            if (text != null && !text.isBlank()) {
                lines.add(Map.of("text", text.strip()));
            }
        }

        private Map<String, Object> line(Document.Line l) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rowClass", l.type() == LineInput.Type.ITEM ? null : "extra");
            m.put("description", l.description());
            m.put("sku", blankToNull(l.sku()));
            m.put("quantity", quantity.format(l.quantity()));
            BigDecimal lineAmount = d.pricesIncludeTax() ? l.gross() : l.net();
            // A line a shop computed itself may carry no unit price; its amount says it all.
            boolean unitKnown = l.unitPrice() != null && (l.unitPrice().signum() != 0 || lineAmount.signum() == 0);
            m.put("unitPrice", unitKnown ? amount.format(l.unitPrice()) : "");
            // A discount reduces the line: shown negative, and positive on a credit note's negated lines.
            m.put("discount", l.discount() == null || l.discount().signum() == 0 ? ""
                    : amount.format(l.quantity().signum() < 0 ? l.discount() : l.discount().negate()));
            m.put("tax", blankToNull(l.taxLabel()) != null ? labelWithRate(l.taxLabel(), l.taxRate()) : rate(l.taxRate()));
            m.put("amount", amount.format(lineAmount));
            return m;
        }

        private Map<String, Object> tax(Document.TaxTotal t) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", blankToNull(t.label()) != null ? labelWithRate(t.label(), t.rate())
                    : label("taxAt").replace("{0}", rate(t.rate())));
            m.put("base", money.format(t.base()));
            m.put("tax", money.format(t.tax()));
            return m;
        }

        private Map<String, Object> payment(boolean open) {
            CompanyProfile.BankDetails bank = profile.bank();
            if (!open || d.balance().signum() <= 0 || bank == null || blankToNull(bank.iban()) == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            String due = money.format(d.balance());
            m.put("ask", d.dueDate() == null ? label("payNow").replace("{0}", due)
                    : label("payBy").replace("{0}", due).replace("{1}", date(d.dueDate())));
            m.put("reference", d.number());
            return m;
        }

        /**
         * A shop's label is often just "TVA" or "VAT": the rate goes next to it ("TVA 21%", "TVA 0%"),
         * unless the label already names one ("VAT 20%", "TVA 5,5 %").
         */
        private String labelWithRate(String label, BigDecimal rate) {
            return label.chars().anyMatch(Character::isDigit) ? label : label + " " + rate(rate);
        }

        private String rate(BigDecimal rate) {
            return percent.format(rate == null ? BigDecimal.ZERO : rate.movePointLeft(2));
        }

        private String date(LocalDate date) {
            return date == null ? null : dates.format(date);
        }

        private String label(String key) {
            return labels.apply(key);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
