package dev.passerelle.invoicing.pdf;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;

/** The public page of a document: {@code pdf/page.html} filled from the PDF's model, written as HTML. */
@Service
class PublicPages {

    private final Documents documents;
    private final CompanyProfiles profiles;
    private final Clock clock;
    private final XhtmlTemplate template = XhtmlTemplate.load("pdf/page.html");

    PublicPages(Documents documents, CompanyProfiles profiles, Clock clock) {
        this.documents = documents;
        this.profiles = profiles;
        this.clock = clock;
    }

    String render(Documents.Viewed viewed) {
        UUID tenantId = viewed.tenantId();
        Document d = viewed.document();
        CompanyProfile profile = profiles.get(tenantId);
        Documents.Related related = documents.related(tenantId, d);
        String creditedNumber = related.creditedInvoice() == null ? null : related.creditedInvoice().number();
        DocumentModel base = new DocumentModel(d, profile, creditedNumber);
        PublicPageModel model = new PublicPageModel(d, related, base, LocalDate.now(clock));
        return HtmlWriter.write(template.fill(model.build(), base.labels()));
    }
}
