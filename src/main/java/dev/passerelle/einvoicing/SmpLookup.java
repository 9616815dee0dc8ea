package dev.passerelle.einvoicing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.Reach;

/**
 * Asks the SMP whether a participant receives Peppol BIS Billing 3.0 invoices: the service
 * metadata of (participant, document type) exists (200) or not (404), as the Peppol SMP
 * specification defines the URL. Through {@link OutboundHttp}: the SMP is public.
 */
@Component
class SmpLookup {

    static final String PARTICIPANT_SCHEME = "iso6523-actorid-upis";
    static final String INVOICE_TYPE = "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
            + "##" + UblWriter.CUSTOMIZATION + "::2.1";

    private final OutboundHttp http;
    private final PeppolProperties settings;

    SmpLookup(OutboundHttp http, PeppolProperties settings) {
        this.http = http;
        this.settings = settings;
    }

    /** Whether there is an SMP to ask: the tenant's, or the operator's default. */
    boolean configured(String smpUrl) {
        return smpUrl != null || (settings.smpUrl() != null && !settings.smpUrl().isBlank());
    }

    /** True when registered, false when the SMP says it is not; an unreachable SMP throws. */
    boolean receivesInvoices(String smpUrl, Endpoint participant) throws IOException {
        String base = smpUrl != null ? smpUrl : settings.smpUrl();
        String path = "/" + encode(PARTICIPANT_SCHEME + "::" + participant) + "/services/" + encode(INVOICE_TYPE);
        OutboundHttp.Response r = http.send("GET", URI.create(base.replaceAll("/+$", "") + path), Map.of(),
                null, null, new OutboundHttp.Call(Reach.PUBLIC, settings.timeout(), 256 * 1024));
        if (r.status() == 200) {
            return true;
        }
        if (r.status() == 404) {
            return false;
        }
        throw new IOException("the SMP answered HTTP " + r.status());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
