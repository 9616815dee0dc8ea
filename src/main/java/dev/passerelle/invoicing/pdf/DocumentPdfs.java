package dev.passerelle.invoicing.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

import com.openhtmltopdf.extend.impl.FSDefaultCacheStore;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * The PDF a client receives for a document: {@code pdf/document.html} filled with the document,
 * the tenant's company profile and the labels of the document's language, rendered by
 * openhtmltopdf with an embedded DejaVu Sans (so any Latin, Greek or Cyrillic name prints).
 * Rendered on demand from the stored document, never cached: a paid invoice shows it is paid.
 */
@Service
public class DocumentPdfs {

    /**
     * The family the template's CSS names first: DejaVu Sans cut to {@link #LATIN}, both weights
     * embedded whole in every PDF from objects made once ({@link WholeFont}).
     */
    static final String FONT = "DejaVu Sans";
    /** The family the template's CSS names second: {@link #COMMON}'s glyphs, for what {@link #FONT} lacks. */
    static final String COMMON_GLYPHS = "DejaVu Sans Common";
    /** The family the template's CSS names third: every glyph of DejaVu Sans, for what the others lack. */
    static final String ALL_GLYPHS = "DejaVu Sans All";
    /**
     * What {@link #FONT} covers, what invoices written in a language with a Latin alphabet use: Basic
     * Latin, Latin-1, Latin Extended-A (Central European, Baltic, Turkish), Romanian's comma-below
     * letters, dashes, quotes, bullets and ellipsis, currency signs, numero and trade mark.
     */
    private static final int[][] LATIN = { { 0x0020, 0x007E }, { 0x00A0, 0x017F }, { 0x0218, 0x021B },
            { 0x2010, 0x203A }, { 0x20A0, 0x20BF }, { 0x2116, 0x2116 }, { 0x2122, 0x2122 }, { 0xFFFD, 0xFFFD } };
    /**
     * What {@link #COMMON_GLYPHS} covers: Latin, Greek and Cyrillic with their combining marks,
     * punctuation, currency, letterlike, arrows, mathematical operators and geometric shapes. A PDF
     * that needs one of them embeds the subset it uses; PDFBox spends time per glyph of a font on every
     * PDF that embeds it (widths, Unicode map, subset), so that is 2,685 glyphs of DejaVu's ~6,200.
     * A character outside them is printed from {@link #ALL_GLYPHS}. All are the same outlines and metrics.
     */
    private static final int[][] COMMON = { { 0x0020, 0x052F }, { 0x1E00, 0x1FFF }, { 0x2000, 0x22FF },
            { 0x2500, 0x25FF }, { 0xFB00, 0xFB06 }, { 0xFFFD, 0xFFFD } };

    private final Documents documents;
    private final CompanyProfiles profiles;
    private final List<PdfFinisher> finishers;
    private final XhtmlTemplate template = XhtmlTemplate.load("pdf/document.html");
    private final TemplateStyles styles = template.styles();
    // Read once: parsing the TrueType files and their metrics is most of a render's cost otherwise.
    private final byte[] regular = withoutSubstitutions(font("DejaVuSans.ttf"));
    private final byte[] bold = withoutSubstitutions(font("DejaVuSans-Bold.ttf"));
    /** The cuts of each weight, made at the first render rather than at start-up. */
    private volatile CutFonts cutFonts;
    private final FSDefaultCacheStore fontMetrics = new FSDefaultCacheStore();
    /**
     * Parsed fonts, kept between renders: loading the 750 KB font files into each PDF took 15 % of
     * the CPU of emailing invoices (bench/orders). A parsed font reads its tables lazily and is
     * not thread-safe, so each render borrows a pair; there are as many pairs as renders at once.
     */
    private final Queue<ParsedFonts> parsedFonts = new ConcurrentLinkedQueue<>();

    private record ParsedFonts(TrueTypeFont regular, TrueTypeFont bold, TrueTypeFont regularCommon,
                               TrueTypeFont boldCommon) {
    }

    DocumentPdfs(Documents documents, CompanyProfiles profiles, List<PdfFinisher> finishers) {
        this.documents = documents;
        this.profiles = profiles;
        this.finishers = List.copyOf(finishers);
        OpenHtmlToPdfLogging.install();
    }

    /** Renders a document of this tenant; another tenant's document is a 404 problem. */
    public RenderedPdf render(UUID tenantId, UUID documentId) {
        Document document = documents.get(tenantId, documentId);
        CompanyProfile profile = profiles.get(tenantId);
        String creditedNumber = document.creditNoteFor() == null ? null
                : documents.find(tenantId, document.creditNoteFor()).map(Document::number).orElse(null);
        byte[] pdf = pdf(document, profile, creditedNumber);
        for (PdfFinisher finisher : finishers) {
            pdf = finisher.finish(tenantId, document, pdf);
        }
        return new RenderedPdf(fileName(document), pdf);
    }

    /**
     * The rendered PDF of a document, before any finisher: the template filled and laid out. Reads
     * nothing from the database, so {@code bench/pdf} measures exactly what a render costs.
     */
    byte[] pdf(Document document, CompanyProfile profile, String creditedNumber) {
        DocumentModel model = new DocumentModel(document, profile, creditedNumber);
        return toPdf(template.fill(model.build(), model.labels()));
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
            // openhtmltopdf reads the last argument as "ask the supplier when a glyph is first needed".
            CutFonts cut = cut();
            builder.useFont(whenUsed(() -> cut.latinRegular().embedIn(pdf)), FONT, 400, FontStyle.NORMAL, true);
            builder.useFont(whenUsed(() -> cut.latinBold().embedIn(pdf)), FONT, 700, FontStyle.NORMAL, true);
            // Subsets of the parsed fonts are embedded in this PDF; the parsed fonts stay as they are.
            builder.useFont(whenUsed(() -> subset(pdf, fonts.regularCommon())), COMMON_GLYPHS, 400, FontStyle.NORMAL, true);
            builder.useFont(whenUsed(() -> subset(pdf, fonts.boldCommon())), COMMON_GLYPHS, 700, FontStyle.NORMAL, true);
            builder.useFont(whenUsed(() -> subset(pdf, fonts.regular())), ALL_GLYPHS, 400, FontStyle.NORMAL, true);
            builder.useFont(whenUsed(() -> subset(pdf, fonts.bold())), ALL_GLYPHS, 700, FontStyle.NORMAL, true);
            // The template loads nothing but the logo's data: URI; never follow a URL from anywhere.
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.useNamespaceHandler(styles);
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
        return fonts != null ? fonts
                : new ParsedFonts(parse(regular), parse(bold), parse(cut().commonRegular()), parse(cut().commonBold()));
    }

    private record CutFonts(WholeFont latinRegular, WholeFont latinBold, byte[] commonRegular, byte[] commonBold) {
    }

    private CutFonts cut() {
        CutFonts made = cutFonts;
        if (made == null) {
            synchronized (this) {
                made = cutFonts;
                if (made == null) {
                    made = new CutFonts(WholeFont.of(cut(regular, LATIN)), WholeFont.of(cut(bold, LATIN)),
                            cut(regular, COMMON), cut(bold, COMMON));
                    cutFonts = made;
                }
            }
        }
        return made;
    }

    /** Embeds the font in the PDF when openhtmltopdf first needs one of its glyphs (never, for most fallbacks). */
    private static PDFontSupplier whenUsed(Supplier<PDFont> embed) {
        return new PDFontSupplier(null) {
            private PDFont embedded;

            @Override
            public PDFont supply() {
                if (embedded == null) {
                    embedded = embed.get();
                }
                return embedded;
            }
        };
    }

    /** The font with the glyphs of these ranges of code points only (and those they are composed of). */
    static byte[] cut(byte[] ttf, int[][] ranges) {
        try {
            // The tables a PDF's embedded subset is made of (PDFBox's TrueTypeEmbedder), and those that
            // describe the font; not the layout tables, whose glyph ids would be stale.
            TTFSubsetter subsetter = new TTFSubsetter(parse(ttf), List.of("head", "hhea", "loca", "maxp", "cvt ",
                    "prep", "glyf", "hmtx", "fpgm", "gasp", "name", "OS/2", "post", "cmap"));
            Set<Integer> codePoints = new HashSet<>();
            for (int[] range : ranges) {
                for (int c = range[0]; c <= range[1]; c++) {
                    codePoints.add(c);
                }
            }
            subsetter.addAll(codePoints);
            ByteArrayOutputStream out = new ByteArrayOutputStream(ttf.length / 2);
            subsetter.writeToStream(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrueTypeFont parse(byte[] font) {
        try {
            return new TTFParser().parse(new RandomAccessReadBuffer(font));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDFont subset(PDDocument pdf, TrueTypeFont font) {
        try {
            return PDType0Font.load(pdf, font, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The font with its glyph substitution table (GSUB) hidden. PDFBox applies its ligatures
     * ("ff", "fi", "fl") when it writes text, and a ligature glyph maps to one character (U+FB00),
     * so a reader searching the PDF for "Kaffeebohnen" or copying it found nothing. Renaming the
     * table's tag in the table directory hides it from every reader of the font; a subset embedded
     * in a PDF copies only the tables it needs, so the renamed one never reaches a PDF.
     */
    static byte[] withoutSubstitutions(byte[] ttf) {
        java.nio.ByteBuffer font = java.nio.ByteBuffer.wrap(ttf);
        int tables = Short.toUnsignedInt(font.getShort(4));
        for (int i = 0; i < tables; i++) {
            int entry = 12 + 16 * i;
            if (font.getInt(entry) == ('G' << 24 | 'S' << 16 | 'U' << 8 | 'B')) {
                font.put(entry, (byte) 'g').put(entry + 1, (byte) 's').put(entry + 2, (byte) 'u').put(entry + 3, (byte) 'b');
            }
        }
        return ttf;
    }

    private static byte[] font(String file) {
        try {
            return new ClassPathResource("pdf/fonts/" + file).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
