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
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(pdf.fileName()).build().toString())
                // Rendered from the live document (a payment changes it): no cache may keep a copy.
                .cacheControl(CacheControl.noStore())
                .body(pdf.content());
    }
}
