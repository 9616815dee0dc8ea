package dev.passerelle.invoicing;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A part of a document's console page that another feature shows (mail: the emails that carried
 * it, with their delivery status). Invoicing cannot use those features (they use it), so they
 * hand it a template fragment and what it reads, the way {@code pdf.PdfFinisher}s finish its PDFs.
 */
public interface DocumentPageSection {

    /**
     * @param template the Thymeleaf template holding a fragment {@code section(data)}
     * @param data     what the fragment reads
     */
    record Section(String template, Map<String, Object> data) {
    }

    /** The section for this document of this tenant, or empty when there is nothing to show. */
    Optional<Section> section(UUID tenantId, Document document);
}
