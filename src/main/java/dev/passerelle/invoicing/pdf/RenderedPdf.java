package dev.passerelle.invoicing.pdf;

/**
 * A document's PDF and the file name to give it: the number ({@code INV-2026-00001.pdf}) or,
 * for a draft, {@code draft-<end of the id>.pdf}. Made by {@link DocumentPdfs#render}.
 */
public record RenderedPdf(String fileName, byte[] content) {
}
