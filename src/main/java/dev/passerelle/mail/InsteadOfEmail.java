package dev.passerelle.mail;

import java.util.Optional;
import java.util.UUID;

import dev.passerelle.invoicing.Document;

/**
 * Another way a document reaches its client in place of email (Peppol, in {@code einvoicing}, when
 * the tenant or the client chose Peppol instead of email). Automatic sends ask it first; a user's
 * own send does not. An interface here so that mail does not depend on the feature answering it.
 */
public interface InsteadOfEmail {

    /** Why the document is not emailed automatically (it goes the other way), or empty to email it. */
    Optional<String> reason(UUID tenantId, Document document);
}
