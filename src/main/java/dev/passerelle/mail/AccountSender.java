package dev.passerelle.mail;

import java.util.UUID;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.internet.MimeMessage;

import dev.passerelle.accounts.AccessToken;
import dev.passerelle.accounts.Accounts;
import dev.passerelle.accounts.AccountUnavailableException;
import dev.passerelle.accounts.ConnectedAccount;
import dev.passerelle.support.ConnectGuard;
import dev.passerelle.support.InvalidInput;

/**
 * Sends from a tenant's connected account: SMTP with XOAUTH2 on the provider's submission server
 * (Gmail, Office 365, or the one ops configured for a generic provider), From the account's address.
 * A server that refuses a token believed valid gets one refresh and one more try, before anything
 * was handed over; the outbox's statuses, retries and never-twice rule stay those of every sender.
 */
final class AccountSender implements MailSender {

    /** What a sender needs besides the token: how to reach the server. */
    interface Servers {
        SmtpMailSender forToken(AccessToken token);
    }

    private final Accounts accounts;
    private final UUID tenantId;
    private final AccessToken token;
    private final Servers servers;
    private final SmtpConnections connections;

    /** {@code connections}: those {@code servers} keep for this sender's batch, closed by {@link #close}. */
    AccountSender(Accounts accounts, UUID tenantId, AccessToken token, Servers servers, SmtpConnections connections) {
        this.accounts = accounts;
        this.tenantId = tenantId;
        this.token = token;
        this.servers = servers;
        this.connections = connections;
    }

    /** Checks a tenant's choice of account for sending; returns the account's address, the From of its emails. */
    static String check(Accounts accounts, UUID tenantId, UUID accountId, String fromAddress) {
        if (accountId == null) {
            throw new InvalidInput("accountId: required when sender is account (GET /api/v1/accounts)");
        }
        ConnectedAccount a = accounts.find(tenantId, accountId)
                .orElseThrow(() -> new InvalidInput("accountId: no connected account " + accountId));
        if (!"mail".equals(a.purpose())) {
            throw new InvalidInput("accountId: account " + accountId + " was connected to call APIs, not to send "
                    + "email; connect one with purpose mail");
        }
        if (a.email() == null) {
            throw new InvalidInput("accountId: the provider gave no e-mail address for account " + accountId);
        }
        if (fromAddress != null && !fromAddress.equalsIgnoreCase(a.email())) {
            throw new InvalidInput("fromAddress: emails sent through account " + accountId + " come from "
                    + a.email() + "; leave fromAddress out");
        }
        return a.email();
    }

    static SmtpMailSender.Server server(AccessToken token, MailProperties settings, SmtpHosts hosts) {
        AccessToken.SmtpServer smtp = token.smtp();
        return new SmtpMailSender.Server(smtp.host(), smtp.port(), smtp.security(), token.email(), token.value(),
                token.email(), null, settings.connectTimeout(), settings.readTimeout(), hosts.reach());
    }

    @Override
    public String describe() {
        AccessToken.SmtpServer smtp = token.smtp();
        return (smtp.security().equals("smtps") ? "smtps" : "smtp") + "://" + smtp.host() + ":" + smtp.port() + " ("
                + smtp.security() + ", XOAUTH2 as " + token.email() + ")";
    }

    @Override
    public String send(MimeMessage message, Runnable transferStarting) throws MailSendException {
        try {
            return servers.forToken(token).send(message, transferStarting);
        } catch (MailSendException e) {
            if (!(e.getCause() instanceof AuthenticationFailedException)) {
                throw e;
            }
            // Refused at AUTH: nothing was handed over. The token may have been revoked or cut short.
            AccessToken fresh;
            try {
                fresh = accounts.refreshAfterRejection(tenantId, token.accountId(), token.value());
            } catch (AccountUnavailableException unavailable) {
                throw new MailSendException(MailSendException.Kind.TRANSIENT, e.reply(), unavailable.getMessage(),
                        unavailable);
            }
            return servers.forToken(fresh).send(message, transferStarting);
        }
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
