package dev.passerelle.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.accounts.Accounts;
import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Rows;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Per-tenant email settings; the SMTP password is kept in the {@link SecretStore}. */
@Service
class MailSettingsStore {

    static final String SECRET_PURPOSE = "mail.smtp.password";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final int MAX_COPIES = 3;

    /** The row as stored, with the secret's id. */
    record Stored(MailSettings settings, UUID passwordSecret) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SecretStore secrets;
    private final Clock clock;
    private final SmtpHosts hosts;
    private final Accounts accounts;

    MailSettingsStore(JdbcClient jdbc, JsonMapper json, SecretStore secrets, Clock clock, SmtpHosts hosts,
                      Accounts accounts) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.json = json;
        this.secrets = secrets;
        this.clock = clock;
        this.hosts = hosts;
    }

    MailSettings get(UUID tenantId) {
        return stored(tenantId).map(Stored::settings).orElseGet(MailSettingsStore::defaults);
    }

    static MailSettings defaults() {
        return new MailSettings(MailSettings.HUB, null, null, null, null, List.of(), List.of(), true, null);
    }

    Optional<Stored> stored(UUID tenantId) {
        return jdbc.sql("SELECT * FROM mail_settings WHERE tenant_id = ?").param(tenantId).query((rs, i) -> {
            UUID secret = Rows.uuid(rs, "smtp_password");
            String host = rs.getString("smtp_host");
            MailSettings.Smtp smtp = host == null ? null : new MailSettings.Smtp(host, rs.getInt("smtp_port"),
                    rs.getString("smtp_security"), rs.getString("smtp_username"), secret != null);
            return new Stored(new MailSettings(rs.getString("sender"), smtp, rs.getString("from_address"),
                    rs.getString("from_name"), rs.getString("reply_to"), json.readValue(rs.getString("cc"), STRINGS),
                    json.readValue(rs.getString("bcc"), STRINGS), rs.getBoolean("attach_pdf"), Rows.uuid(rs, "account_id")), secret);
        }).optional();
    }

    String password(UUID tenantId, UUID secretId) {
        return secretId == null ? null : secrets.reveal(tenantId, secretId);
    }

    @Transactional
    MailSettings save(UUID tenantId, MailSettings.Input in) {
        Optional<Stored> current = stored(tenantId);
        String sender = in.sender() == null ? MailSettings.HUB : in.sender().strip().toLowerCase(Locale.ROOT);
        if (!sender.equals(MailSettings.HUB) && !sender.equals(MailSettings.SMTP) && !sender.equals(MailSettings.ACCOUNT)) {
            throw new InvalidInput("sender: hub, smtp or account (a connected account, GET /api/v1/accounts)");
        }
        MailSettings.SmtpInput smtp = in.smtp();
        String host = null;
        Integer port = null;
        String security = null;
        String username = null;
        if (smtp != null && smtp.host() != null && !smtp.host().isBlank()) {
            host = smtp.host().strip();
            if (!host.matches("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]+\\]")) {
                throw new InvalidInput("smtp.host: a host name or address");
            }
            String refused = hosts.problem(host);
            if (refused != null) {
                throw new InvalidInput("smtp.host: " + refused);
            }
            security = smtp.security() == null ? "starttls" : smtp.security().strip().toLowerCase(Locale.ROOT);
            if (!List.of("none", "starttls", "smtps").contains(security)) {
                throw new InvalidInput("smtp.security: none, starttls or smtps");
            }
            port = smtp.port() != null ? smtp.port() : security.equals("smtps") ? 465 : 587;
            if (port < 1 || port > 65535) {
                throw new InvalidInput("smtp.port: 1 to 65535");
            }
            username = blankToNull(smtp.username());
        }
        String from = blankToNull(in.fromAddress());
        if (sender.equals(MailSettings.SMTP)) {
            if (host == null) {
                throw new InvalidInput("smtp.host: required when sender is smtp");
            }
            if (from == null) {
                throw new InvalidInput("fromAddress: required when sender is smtp");
            }
        }
        UUID accountId = null;
        if (sender.equals(MailSettings.ACCOUNT)) {
            String accountEmail = AccountSender.check(accounts, tenantId, in.accountId(), from);
            accountId = in.accountId();
            from = accountEmail;
        }
        if (from != null) {
            Addresses.require("fromAddress", from);
        }
        String replyTo = blankToNull(in.replyTo());
        if (replyTo != null) {
            Addresses.require("replyTo", replyTo);
        }
        List<String> cc = copies("cc", in.cc());
        List<String> bcc = copies("bcc", in.bcc());

        UUID secret = current.map(Stored::passwordSecret).orElse(null);
        String password = smtp == null ? null : smtp.password();
        if (password != null) {
            if (password.isEmpty()) {
                if (secret != null) {
                    secrets.delete(tenantId, secret);
                }
                secret = null;
            } else if (secret != null) {
                secrets.replace(tenantId, secret, password);
            } else {
                secret = secrets.store(tenantId, SECRET_PURPOSE, password);
            }
        }
        if (host == null && secret != null) {
            secrets.delete(tenantId, secret);
            secret = null;
        }
        jdbc.sql("DELETE FROM mail_settings WHERE tenant_id = ?").param(tenantId).update();
        jdbc.sql("""
                INSERT INTO mail_settings (tenant_id, sender, smtp_host, smtp_port, smtp_security, smtp_username,
                                           smtp_password, from_address, from_name, reply_to, cc, bcc, attach_pdf, updated_at,
                                           account_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenantId, sender, host, port, security, username, secret, from, blankToNull(in.fromName()), replyTo,
                        json.writeValueAsString(cc), json.writeValueAsString(bcc),
                        in.attachPdf() == null || in.attachPdf(), Timestamp.from(clock.instant()), accountId)
                .update();
        return get(tenantId);
    }

    private static List<String> copies(String field, List<String> given) {
        List<String> out = new ArrayList<>();
        for (String address : given == null ? List.<String>of() : given) {
            if (address != null && !address.isBlank()) {
                out.add(Addresses.require(field, address.strip()));
            }
        }
        if (out.size() > MAX_COPIES) {
            throw new InvalidInput(field + ": at most " + MAX_COPIES + " addresses");
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
