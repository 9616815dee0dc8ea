package dev.passerelle.mail;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentPageSection;

/** On a document's console page: the emails that carried it, newest first, each with its delivery status. */
@Component
class DocumentEmailsSection implements DocumentPageSection {

    static final int SHOWN = 20;

    private final MailStore store;

    DocumentEmailsSection(MailStore store) {
        this.store = store;
    }

    @Override
    public Optional<Section> section(UUID tenantId, Document document) {
        List<EmailViews.Summary> emails = store.list(new MailStore.Filter(tenantId, null, document.id(), null, null, SHOWN))
                .stream().map(EmailViews.Summary::of).toList();
        // Shown even when empty: the page then says the document was never emailed.
        return Optional.of(new Section("mail/document-emails", Map.of("emails", emails)));
    }
}
