package dev.passerelle.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: with no SMTP host configured, each message is written as an .eml file
 * (open it with any mail client) so a fresh machine runs the whole flow. The file appears
 * atomically under a name derived from the email id, so writing it twice leaves one file.
 */
final class FileMailSender implements MailSender {

    private static final Logger log = LoggerFactory.getLogger(FileMailSender.class);

    private final Path directory;

    FileMailSender(Path directory) {
        this.directory = directory;
    }

    @Override
    public String describe() {
        return "file:" + directory;
    }

    @Override
    public String send(MimeMessage message, Runnable transferStarting) throws MailSendException {
        try {
            message.saveChanges();
            String id = message.getMessageID();
            String name = (id == null ? Long.toString(System.nanoTime()) : id.replaceAll("[^A-Za-z0-9@._-]", "")) + ".eml";
            Files.createDirectories(directory);
            transferStarting.run();
            Path tmp = Files.createTempFile(directory, "writing-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                message.writeTo(out);
            }
            Path file = directory.resolve(name);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("No SMTP server configured (passerelle.mail.smtp.host): wrote email {} to {}", id, file);
            // The reply is shown to tenants through the API: the file's name, never the server's paths.
            return "written to the outbox as " + file.getFileName() + " (no SMTP server configured)";
        } catch (IOException | MessagingException e) {
            log.warn("Cannot write an email to {}", directory, e);
            throw new MailSendException(MailSendException.Kind.TRANSIENT, null,
                    "cannot write to the outbox directory; the server log says why", e);
        }
    }
}
