package dev.passerelle.invoicing.pdf;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How a PDF goes out over HTTP, for the API and the public link alike (file names are plain ASCII). */
final class PdfResponses {

    private PdfResponses() {
    }

    static ResponseEntity<byte[]> attachment(RenderedPdf pdf) {
        return response(pdf, ContentDisposition.attachment()).body(pdf.content());
    }

    /** Shown in the browser (the console embeds it), saved under the same name; the caller adds the body. */
    static ResponseEntity.BodyBuilder inline(RenderedPdf pdf) {
        return response(pdf, ContentDisposition.inline());
    }

    private static ResponseEntity.BodyBuilder response(RenderedPdf pdf, ContentDisposition.Builder disposition) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.filename(pdf.fileName()).build().toString())
                // Rendered from the live document (a payment changes it): no cache may keep a copy.
                .cacheControl(CacheControl.noStore());
    }
}
