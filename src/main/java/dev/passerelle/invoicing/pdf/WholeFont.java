package dev.passerelle.invoicing.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.Deflater;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A TrueType font embedded whole in every PDF, its PDF objects made once. Embedding a font as a
 * subset makes PDFBox build the widths, the Unicode map and the subset font file, and compress
 * it, for every PDF: about a third of the CPU of rendering a one-page invoice (bench/pdf.md). Here
 * each PDF gets a copy of objects built at the first render instead: the font file, already
 * compressed, its widths and its Unicode map. Meant for a font cut to the glyphs most documents
 * use, so that what each PDF carries stays small.
 */
final class WholeFont {

    /** The Type0 font dictionary and everything it refers to, as PDFBox built it; never changed after. */
    private final COSDictionary objects;
    /** Each stream of {@link #objects}: its data, and compressed, which is what each PDF gets. */
    private final Map<COSStream, Data> streams;

    private record Data(byte[] plain, byte[] compressed) {
    }

    private WholeFont(COSDictionary objects, Map<COSStream, Data> streams) {
        this.objects = objects;
        this.streams = streams;
    }

    /** Builds the font's PDF objects from a TrueType file; its streams compressed once, at zlib's best. */
    static WholeFont of(byte[] ttf) {
        try (PDDocument scratch = new PDDocument()) {
            PDType0Font font = PDType0Font.load(scratch, new ByteArrayInputStream(ttf), false);
            Map<COSStream, Data> streams = new IdentityHashMap<>();
            read(font.getCOSObject(), streams);
            return new WholeFont(font.getCOSObject(), streams);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The font in this PDF: a copy of its objects, since PDFBox's writer numbers the objects it
     * writes. PDFBox reads a font's objects as it makes the font object: it would decompress and
     * parse the font file, and parse the Unicode map, which nothing reads while a PDF is written.
     * So the copy has its font file uncompressed and no Unicode map while PDFBox looks at it, and
     * gets the compressed streams and the map after.
     */
    PDType0Font embedIn(PDDocument pdf) {
        try {
            Map<COSBase, COSBase> copies = new IdentityHashMap<>();
            COSDictionary copy = (COSDictionary) copy(objects, pdf.getDocument(), copies);
            COSBase unicodeMap = copy.getItem(COSName.TO_UNICODE);
            copy.removeItem(COSName.TO_UNICODE);
            PDType0Font font = new PDType0Font(copy);
            copy.setItem(COSName.TO_UNICODE, unicodeMap);
            for (Map.Entry<COSStream, Data> stream : streams.entrySet()) {
                COSStream copied = (COSStream) copies.get(stream.getKey());
                try (OutputStream raw = copied.createRawOutputStream()) {
                    raw.write(stream.getValue().compressed());
                }
                copied.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            }
            return font;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private COSBase copy(COSBase base, COSDocument into, Map<COSBase, COSBase> copies) throws IOException {
        if (base instanceof COSObject indirect) {
            return copy(indirect.getObject(), into, copies);
        }
        COSBase copied = copies.get(base);
        if (copied != null) {
            return copied;
        }
        if (base instanceof COSStream stream) {
            COSStream copy = into.createCOSStream();
            copies.put(base, copy);
            copyEntries(stream, copy, into, copies);
            copy.removeItem(COSName.FILTER);
            try (OutputStream raw = copy.createRawOutputStream()) {
                raw.write(streams.get(stream).plain());
            }
            return copy;
        }
        if (base instanceof COSDictionary dictionary) {
            COSDictionary copy = new COSDictionary();
            copies.put(base, copy);
            copyEntries(dictionary, copy, into, copies);
            return copy;
        }
        if (base instanceof COSArray array) {
            COSArray copy = new COSArray();
            copies.put(base, copy);
            for (COSBase item : array) {
                copy.add(copy(item, into, copies));
            }
            return copy;
        }
        if (base instanceof COSString string) {
            return new COSString(string.getBytes());
        }
        // Names, numbers, booleans and null: PDFBox shares these between documents itself.
        return base;
    }

    private void copyEntries(COSDictionary from, COSDictionary to, COSDocument into, Map<COSBase, COSBase> copies)
            throws IOException {
        for (Map.Entry<COSName, COSBase> entry : from.entrySet()) {
            if (!COSName.LENGTH.equals(entry.getKey())) { // the raw output stream sets the copy's own
                to.setItem(entry.getKey(), copy(entry.getValue(), into, copies));
            }
        }
    }

    private static void read(COSBase base, Map<COSStream, Data> streams) throws IOException {
        if (base instanceof COSObject indirect) {
            read(indirect.getObject(), streams);
        } else if (base instanceof COSStream stream) {
            if (!streams.containsKey(stream)) {
                byte[] plain;
                try (InputStream decoded = stream.createInputStream()) {
                    plain = decoded.readAllBytes();
                }
                streams.put(stream, new Data(plain, deflated(plain)));
                stream.removeItem(COSName.DECODE_PARMS);
                for (COSBase value : stream.getValues()) {
                    read(value, streams);
                }
            }
        } else if (base instanceof COSDictionary dictionary) {
            for (COSBase value : dictionary.getValues()) {
                read(value, streams);
            }
        } else if (base instanceof COSArray array) {
            for (COSBase item : array) {
                read(item, streams);
            }
        }
    }

    private static byte[] deflated(byte[] plain) {
        Deflater best = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            best.setInput(plain);
            best.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2);
            byte[] chunk = new byte[16 * 1024];
            while (!best.finished()) {
                out.write(chunk, 0, best.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            best.end();
        }
    }
}
