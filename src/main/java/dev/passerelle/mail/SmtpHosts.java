package dev.passerelle.mail;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;

/**
 * Where tenants' own SMTP servers may be: public addresses only, or, with
 * {@code passerelle.mail.allow-private-hosts} (labs, tests with GreenMail on 127.0.0.1), also
 * loopback and private networks; link-local (cloud metadata) and reserved ranges never. The host is
 * checked on its spelling when the settings are saved (no DNS asked then: the server may not be
 * live yet) and on the addresses it resolves to at each send ({@link SmtpMailSender}).
 */
@Component
class SmtpHosts {

    private final Reach reach;

    SmtpHosts(@Value("${passerelle.mail.allow-private-hosts:false}") boolean allowPrivateHosts) {
        this.reach = allowPrivateHosts ? Reach.LOCAL_NETWORK : Reach.PUBLIC;
    }

    Reach reach() {
        return reach;
    }

    /** Why {@code host} may not be saved as a tenant's server, or null. */
    String problem(String host) {
        return PublicAddresses.problemBeforeLookup(host, reach);
    }
}
