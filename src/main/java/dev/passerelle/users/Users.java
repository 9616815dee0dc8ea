package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.Recipient;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.support.Tokens;
import dev.passerelle.tenancy.Tenant;
import dev.passerelle.tenancy.Tenants;
import dev.passerelle.web.PublicUrls;

/**
 * Console accounts: invitations (a single-use, expiring link that sets a first password), password
 * resets (the same kind of link), and a tenant's team. Links are e-mailed through the tenant's mail
 * outbox; only their hashes are stored.
 */
@Service
public class Users {

    static final String INVITE = "INVITE";
    static final String RESET = "RESET";
    /** One reset e-mail per account per this long: asking again does not flood the inbox. */
    private static final java.time.Duration RESET_EVERY = java.time.Duration.ofMinutes(5);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** @param link the link that sets the password, for whoever asked (shown once) */
    public record Invited(ConsoleUser user, String link, Instant expiresAt) {
    }

    private final UserStore store;
    private final Passwords passwords;
    private final Sessions sessions;
    private final UsersClock clock;
    private final ConsoleProperties settings;
    private final Mailer mailer;
    private final Tenants tenants;
    private final PublicUrls urls;
    private final MessageSource messages;

    Users(UserStore store, Passwords passwords, Sessions sessions, UsersClock clock, ConsoleProperties settings,
          Mailer mailer, Tenants tenants, PublicUrls urls, MessageSource messages) {
        this.store = store;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
        this.settings = settings;
        this.mailer = mailer;
        this.tenants = tenants;
        this.urls = urls;
        this.messages = messages;
    }

    /**
     * Invites someone to a tenant's console and e-mails them the link. Inviting an address again
     * while its invitation is pending sends a new link (the old one stops working).
     */
    @Transactional
    public Invited invite(UUID tenantId, String email, ConsoleRole role, Locale locale) {
        if (role == ConsoleRole.OPERATOR) {
            throw new InvalidInput("role: a tenant's user is OWNER or MEMBER");
        }
        Tenant tenant = tenants.find(tenantId).orElseThrow(() -> new NotFound("tenant " + tenantId));
        ConsoleUser user = pending(tenantId, normalise(email), role);
        Invited invited = link(user, INVITE, settings.invitationTtl());
        String subject = messages.getMessage("mail.invite.subject", new Object[] {tenant.name()}, locale);
        String body = messages.getMessage("mail.invite.body",
                new Object[] {tenant.name(), invited.link(), WHEN.format(invited.expiresAt())}, locale);
        mailer.queueNotification(tenantId, "console-invite:" + Tokens.sha256Hex(invited.link()),
                List.of(Recipient.of(user.email())), subject, body, locale.getLanguage());
        return invited;
    }

    /**
     * An operator account: operators belong to no tenant, so no tenant outbox mails them; the
     * link comes back to the operator who asked, to hand over.
     */
    @Transactional
    public Invited inviteOperator(String email) {
        return link(pending(null, normalise(email), ConsoleRole.OPERATOR), INVITE, settings.invitationTtl());
    }

    private ConsoleUser pending(UUID tenantId, String email, ConsoleRole role) {
        Optional<UserStore.Account> existing = store.byEmail(email);
        if (existing.isPresent()) {
            ConsoleUser u = existing.get().user();
            boolean same = java.util.Objects.equals(u.tenantId(), tenantId) && u.role() == role;
            if (u.status() == ConsoleUser.Status.INVITED && same) {
                return u;
            }
            throw new Conflict("email: " + email + " already has a console account");
        }
        ConsoleUser user = new ConsoleUser(Ids.newId(), tenantId, email, role, ConsoleUser.Status.INVITED,
                clock.now());
        if (!store.insert(user)) {
            throw new Conflict("email: " + email + " already has a console account");
        }
        return user;
    }

    private Invited link(ConsoleUser user, String purpose, java.time.Duration ttl) {
        Instant now = clock.now();
        store.endLinks(user.id(), purpose, now);
        String token = Tokens.urlToken();
        Instant expires = now.plus(ttl);
        store.insertLink(Ids.newId(), user.id(), purpose, Tokens.sha256Hex(token), now, expires);
        String path = purpose.equals(INVITE) ? "/invitations/" : "/password-reset/";
        return new Invited(user, urls.of(path + token), expires);
    }

    /**
     * Sends a reset link if the address has an account with a tenant (its outbox mails it). Says
     * nothing either way, so the form does not tell who has an account.
     */
    @Transactional
    public void requestReset(String email, Locale locale) {
        Optional<UserStore.Account> account = store.byEmail(normalise(email));
        if (account.isEmpty() || account.get().user().tenantId() == null) {
            return;
        }
        ConsoleUser user = account.get().user();
        if (store.recentLink(user.id(), RESET, clock.now().minus(RESET_EVERY))) {
            return;
        }
        Invited link = link(user, RESET, settings.resetTtl());
        String subject = messages.getMessage("mail.reset.subject", null, locale);
        String body = messages.getMessage("mail.reset.body", new Object[] {link.link(), WHEN.format(link.expiresAt())},
                locale);
        mailer.queueNotification(user.tenantId(), "console-reset:" + Tokens.sha256Hex(link.link()),
                List.of(Recipient.of(user.email())), subject, body, locale.getLanguage());
    }

    /** A new password for an operator who lost theirs: the link comes back to the operator API. */
    @Transactional
    public Invited operatorReset(UUID userId) {
        ConsoleUser user = store.byId(userId).map(UserStore.Account::user).filter(u -> u.role() == ConsoleRole.OPERATOR)
                .orElseThrow(() -> new NotFound("operator " + userId));
        return link(user, RESET, settings.resetTtl());
    }

    /** Whose link this is, while it still works (the form shows the address). */
    Optional<ConsoleUser> linkFor(String token, String purpose) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return store.linkUser(Tokens.sha256Hex(token), purpose, clock.now())
                .flatMap(store::byId).map(UserStore.Account::user);
    }

    /**
     * Uses the link to set the password; every session the user had ends. Empty when the link is
     * unknown, used or expired.
     */
    @Transactional
    Optional<ConsoleUser> setPassword(String token, String purpose, String password) {
        Optional<ConsoleUser> user = linkFor(token, purpose);
        if (user.isEmpty() || !store.useLink(Tokens.sha256Hex(token), purpose, clock.now())) {
            return Optional.empty();
        }
        store.setPassword(user.get().id(), passwords.hash(password), clock.now());
        sessions.endAll(user.get().id());
        return user;
    }

    /** The account with this id, if it still exists (removed users are gone). */
    public Optional<ConsoleUser> find(UUID userId) {
        return store.byId(userId).map(UserStore.Account::user);
    }

    public List<ConsoleUser> team(UUID tenantId) {
        return store.ofTenant(tenantId);
    }

    public List<ConsoleUser> operators() {
        return store.operators();
    }

    /** Removes a user of this tenant (another tenant's user is not found); the last owner stays. */
    @Transactional
    public void remove(UUID tenantId, UUID userId) {
        ConsoleUser user = store.byId(userId).map(UserStore.Account::user)
                .filter(u -> tenantId.equals(u.tenantId())).orElseThrow(() -> new NotFound("user " + userId));
        if (user.role() == ConsoleRole.OWNER && store.owners(tenantId) <= 1) {
            throw new Conflict("the last owner cannot be removed");
        }
        store.delete(tenantId, userId);
    }

    static String normalise(String email) {
        String e = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 320 || !e.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new InvalidInput("email: not an e-mail address");
        }
        return e;
    }
}
