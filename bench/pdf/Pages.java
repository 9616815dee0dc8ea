import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * bench/pdf: what a build's PDFs show, to compare two builds (a change meant to make rendering
 * cheaper must not change a pixel or a word).
 *   java -cp <a build's classes, test classes and class path> bench/pdf/Pages.java render DIR
 *       renders DocumentPdfBenchmark's invoices (4 and 60 lines) to DIR: the PDF, each page at
 *       150 dpi (PNG) and the text PDFBox extracts
 *   java -cp <class path> bench/pdf/Pages.java compare DIR1 DIR2
 *       the pages' pixels and the texts of two such folders; exits 1 if anything differs
 */
public class Pages {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("render")) {
            render(Path.of(args[1]));
        } else {
            System.exit(compare(Path.of(args[1]), Path.of(args[2])) ? 0 : 1);
        }
    }

    static void render(Path dir) throws Exception {
        Files.createDirectories(dir);
        Class<?> bench = Class.forName("dev.passerelle.invoicing.pdf.DocumentPdfBenchmark");
        Class<?> pdfsClass = Class.forName("dev.passerelle.invoicing.pdf.DocumentPdfs");
        Constructor<?> constructor = pdfsClass.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object pdfs = constructor.newInstance(null, null, List.of());
        Method invoice = bench.getDeclaredMethod("paidInvoice", int.class);
        Method shop = bench.getDeclaredMethod("shop");
        invoice.setAccessible(true);
        shop.setAccessible(true);
        Method pdf = null;
        for (Method m : pdfsClass.getDeclaredMethods()) {
            if (m.getName().equals("pdf") && m.getParameterCount() == 3) {
                pdf = m;
            }
        }
        pdf.setAccessible(true);
        for (int lines : new int[] { 4, 60 }) {
            byte[] bytes = (byte[]) pdf.invoke(pdfs, invoice.invoke(null, lines), shop.invoke(null), null);
            Files.write(dir.resolve("invoice-" + lines + ".pdf"), bytes);
            try (PDDocument document = Loader.loadPDF(bytes)) {
                Files.writeString(dir.resolve("invoice-" + lines + ".txt"), new PDFTextStripper().getText(document));
                PDFRenderer renderer = new PDFRenderer(document);
                for (int page = 0; page < document.getNumberOfPages(); page++) {
                    BufferedImage image = renderer.renderImageWithDPI(page, 150, ImageType.RGB);
                    ImageIO.write(image, "png", dir.resolve("invoice-" + lines + "-page-" + (page + 1) + ".png").toFile());
                }
                System.out.println(lines + " lines: " + document.getNumberOfPages() + " pages, " + bytes.length + " bytes");
            }
        }
    }

    static boolean compare(Path a, Path b) throws Exception {
        boolean same = true;
        for (File f : a.toFile().listFiles()) {
            Path other = b.resolve(f.getName());
            if (f.getName().endsWith(".png")) {
                BufferedImage x = ImageIO.read(f);
                BufferedImage y = ImageIO.read(other.toFile());
                long differing = 0;
                if (x.getWidth() != y.getWidth() || x.getHeight() != y.getHeight()) {
                    differing = -1;
                } else {
                    for (int i = 0; i < x.getWidth(); i++) {
                        for (int j = 0; j < x.getHeight(); j++) {
                            if (x.getRGB(i, j) != y.getRGB(i, j)) {
                                differing++;
                            }
                        }
                    }
                }
                System.out.println(f.getName() + ": " + (differing == 0 ? "same pixels" : differing + " pixels differ"));
                same &= differing == 0;
            } else if (f.getName().endsWith(".txt")) {
                boolean equal = Files.readString(f.toPath()).equals(Files.readString(other));
                System.out.println(f.getName() + ": " + (equal ? "same text" : "TEXT DIFFERS"));
                same &= equal;
            }
        }
        return same;
    }
}
