package dev.passerelle.invoicing.payment;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.imageio.ImageIO;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The EPC QR code ("GiroCode", EPC069-12 version 002) a banking app scans to fill in a SEPA
 * transfer: beneficiary, IBAN, optional BIC, the amount in euro and the reference. Only for euro
 * amounts from 0.01 to 999,999,999.99, as the standard allows.
 *
 * <p>A Belgian structured communication goes in the structured reference field, as its twelve
 * digits: Belgian banking apps read it there and keep it structured in the transfer. Other
 * references go in the free-text remittance field.
 */
public final class EpcQrCode {

    private static final BigDecimal MAX = new BigDecimal("999999999.99");
    /** Pixels per QR module: the PDF scales the image; enough for a 300 dpi reader. */
    private static final int MODULE = 4;

    private EpcQrCode() {
    }

    /** The QR code's text for a payment, or empty when the standard does not allow it (not euro, out of range). */
    public static Optional<String> payload(PaymentRequest p) {
        if (!"EUR".equals(p.currency()) || p.amount().compareTo(new BigDecimal("0.01")) < 0 || p.amount().compareTo(MAX) > 0) {
            return Optional.empty();
        }
        String[] fields = {
                "BCD", "002", "1", "SCT",
                p.bic() == null ? "" : p.bic(),
                cut(p.beneficiary(), 70),
                p.iban(),
                "EUR" + p.amount().setScale(2, RoundingMode.HALF_UP).toPlainString(),
                "",
                p.isStructured() ? p.structured() : "",
                p.isStructured() ? "" : cut(p.reference(), 140)};
        return Optional.of(String.join("\n", fields).stripTrailing());
    }

    /** A PNG of the QR code (error correction M, as EPC069-12 asks) with its quiet zone. */
    public static byte[] png(String payload) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(payload, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(), EncodeHintType.MARGIN, 4));
            BufferedImage image = new BufferedImage(matrix.getWidth() * MODULE, matrix.getHeight() * MODULE,
                    BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x / MODULE, y / MODULE) ? 0xFF000000 : 0xFFFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("EPC QR payload does not fit a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The QR code as a {@code data:} URI for the PDF and the public page, or empty (see {@link #payload}). */
    public static Optional<String> dataUri(PaymentRequest p) {
        return payload(p).map(text -> "data:image/png;base64," + Base64.getEncoder().encodeToString(png(text)));
    }

    private static String cut(String s, int max) {
        String t = s == null ? "" : s.strip().replace('\n', ' ');
        return t.length() <= max ? t : t.substring(0, max);
    }
}
