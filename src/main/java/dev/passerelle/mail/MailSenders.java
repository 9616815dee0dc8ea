package dev.passerelle.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.passerelle.accounts.AccessToken;
import dev.passerelle.accounts.AccountUnavailableException;
import dev.passerelle.accounts.Accounts;
import dev.passerelle.support.ConnectGuard;
import dev.passerelle.support.DataDirectory;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * Decides, per tenant and at send time, how its emails leave and under which name: the hub
 * relay (or the .eml writer when no relay is configured), the tenant's own SMTP server, or a
 * connected account ({@link AccountSender}: SMTP with XOAUTH2, a fresh token per send).
 */
@Component
class MailSenders {

    /** How one tenant's email leaves: the sender, the From and Reply-To it shows. */
    record Route(MailSender sender, InternetAddress from, InternetAddress replyTo, boolean hub) {
    }

    private final MailProperties settings;
    private final MailSettingsStore tenantSettings;
    private final CompanyProfiles profiles;
    private final DataDirectory dataDirectory;
    private final SmtpHosts hosts;
    private final ConnectGuard guard;
    private final Accounts accounts;
    private final SmtpConnections connections;
    /** Made at the first use (a racing second one is as good); see {@link #hub()}. */
    private volatile MailSender hubSender;

    MailSenders(MailProperties settings, MailSettingsStore tenantSettings, CompanyProfiles profiles,
                DataDirectory dataDirectory, SmtpHosts hosts, ObjectProvider<ConnectGuard> guards, Accounts accounts,
                SmtpConnections connections) {
        this.accounts = accounts;
        this.connections = connections;
        this.settings = settings;
        this.tenantSettings = tenantSettings;
        this.profiles = profiles;
        this.dataDirectory = dataDirectory;
        this.hosts = hosts;
        this.guard = guards.getIfAvailable(() -> target -> { });
    }

    Route resolve(UUID tenantId) throws MailSendException {
        return resolve(tenantId, null);
    }

    /**
     * {@code kind}: the email's kind. A {@code notification} (Passerelle telling the tenant something, such
     * as that its account needs reconnecting) goes through the hub when the tenant's account cannot send.
     */
    Route resolve(UUID tenantId, String kind) throws MailSendException {
        Route identity = resolveForPreview(tenantId);
        if (identity.hub()) {
            return new Route(hub(), identity.from(), identity.replyTo(), true);
        }
        MailSettingsStore.Stored stored = tenantSettings.stored(tenantId).orElseThrow();
        if (MailSettings.ACCOUNT.equals(stored.settings().sender())) {
            AccessToken token;
            try {
                token = accounts.accessToken(tenantId, stored.settings().accountId());
            } catch (AccountUnavailableException e) {
                if ("notification".equals(kind)) {
                    Route viaHub = hubIdentity(tenantId, profiles.get(tenantId), stored.settings());
                    return new Route(hub(), viaHub.from(), viaHub.replyTo(), true);
                }
                // Waits (deferred, with backoff) rather than failing: reconnecting sends it at once.
                throw new MailSendException(MailSendException.Kind.TRANSIENT, null, e.getMessage(), e);
            }
            if (token.smtp() == null) {
                throw new MailSendException(MailSendException.Kind.TRANSIENT, null, "the provider of account "
                        + token.accountId() + " has no SMTP server configured", null);
            }
            // Its connections are kept for the batch it is resolved for only (see SmtpConnections.forOneBatch).
            SmtpConnections batch = SmtpConnections.forOneBatch();
            return new Route(new AccountSender(accounts, tenantId, token,
                    t -> new SmtpMailSender(AccountSender.server(t, settings, hosts), guard, true, batch), batch),
                    identity.from(), identity.replyTo(), false);
        }
        MailSettings.Smtp smtp = stored.settings().smtp();
        String password = tenantSettings.password(tenantId, stored.passwordSecret());
        // The host is resolved, checked and pinned by the sender, once per connection.
        SmtpMailSender sender = new SmtpMailSender(new SmtpMailSender.Server(smtp.host(), smtp.port(), smtp.security(),
                smtp.username(), password, stored.settings().fromAddress(), null, settings.connectTimeout(),
                settings.readTimeout(), hosts.reach()), guard, false, connections);
        return new Route(sender, identity.from(), identity.replyTo(), false);
    }

    /** The identity a preview shows: no secret is read and no DNS is asked. */
    Route resolveForPreview(UUID tenantId) {
        CompanyProfile profile = profiles.get(tenantId);
        MailSettings s = tenantSettings.get(tenantId);
        String replyTo = s.replyTo() != null ? s.replyTo() : Addresses.valid(profile.email()) ? profile.email() : null;
        if ((MailSettings.SMTP.equals(s.sender()) && s.smtp() != null)
                || (MailSettings.ACCOUNT.equals(s.sender()) && s.accountId() != null && s.fromAddress() != null)) {
            String name = s.fromName() != null ? s.fromName() : profile.name();
            return new Route(null, address(s.fromAddress(), name), replyTo == null ? null : address(replyTo, null), false);
        }
        return hubIdentity(tenantId, profile, s);
    }

    private Route hubIdentity(UUID tenantId, CompanyProfile profile, MailSettings s) {
        String replyTo = s.replyTo() != null ? s.replyTo() : Addresses.valid(profile.email()) ? profile.email() : null;
        MailProperties.Smtp hub = settings.smtp();
        String display = (profile.name() == null || profile.name().isBlank() ? "" : profile.name().strip() + " ")
                + hubSuffix();
        return new Route(null, address(hub.from(), display.strip()), replyTo == null ? null : address(replyTo, profile.name()),
                true);
    }

    /**
     * The route under the sender's name and Reply-To an email chose for itself. Through the hub the
     * name still says it comes via Passerelle, as the company's name does: the hub's address is
     * shared by every tenant, so no tenant may pass for someone else on it.
     */
    Route chosen(Route route, Email.Sender chosen) {
        if (chosen == null || (chosen.fromName() == null && chosen.replyTo() == null)) {
            return route;
        }
        InternetAddress from = route.from();
        if (chosen.fromName() != null) {
            from = address(from.getAddress(), route.hub() ? chosen.fromName() + " " + hubSuffix() : chosen.fromName());
        }
        InternetAddress replyTo = chosen.replyTo() == null ? route.replyTo() : address(chosen.replyTo(), null);
        return new Route(route.sender(), from, replyTo, route.hub());
    }

    private String hubSuffix() {
        return settings.smtp().fromName() == null ? "via Passerelle" : settings.smtp().fromName();
    }

    /**
     * The relay, or the .eml writer when none is configured: one for the instance, as its settings do
     * not change. A new one per batch cost more CPU than the rest of the mail worker together: each
     * builds a Jakarta Mail session, which reads the providers' files from the jar (bench/mail.md).
     */
    MailSender hub() {
        MailSender made = hubSender;
        if (made == null) {
            made = newHub();
            hubSender = made;
        }
        return made;
    }

    private MailSender newHub() {
        MailProperties.Smtp hub = settings.smtp();
        if (!hub.configured()) {
            return new FileMailSender(dataDirectory.root().resolve("outbox"));
        }
        return new SmtpMailSender(new SmtpMailSender.Server(hub.host(), hub.port(), hub.security(), hub.username(),
                hub.password(), hub.from(), hub.sslTrust(), settings.connectTimeout(), settings.readTimeout(), null),
                target -> { }, false, connections)
                .askingForDeliveryReports(settings.bounces() != null && settings.bounces().configured());
    }

    String messageIdDomain() {
        String from = settings.smtp().from();
        int at = from == null ? -1 : from.lastIndexOf('@');
        return at < 0 ? "passerelle.local" : from.substring(at + 1);
    }

    static InternetAddress address(String address, String name) {
        try {
            return name == null || name.isBlank() ? new InternetAddress(address)
                    : new InternetAddress(address, name.strip(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException | jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("bad address " + address, e);
        }
    }
}
