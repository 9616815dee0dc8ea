package dev.passerelle.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.servlet.http.Part;

/**
 * A {@code multipart/form-data} body already read by {@link BodyReadAhead}: the container can no
 * longer parse it from the connection, so its fields (the console's CSRF token among them) and
 * its files (a logo upload) are read from memory here, with Jakarta Mail's MIME parser (already
 * used for email) rather than a parser of our own.
 */
final class MultipartBody {

    private MultipartBody() {
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /** Every part; a body that is not well-formed multipart has none (the container would refuse it too). */
    static List<Part> parts(byte[] body, String contentType) {
        List<Part> parts = new ArrayList<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null) {
                    continue;
                }
                ContentDisposition d = new ContentDisposition(disposition[0]);
                if (d.getParameter("name") != null) {
                    parts.add(new FormPart(d.getParameter("name"), d.getParameter("filename"), part.getContentType(),
                            disposition[0], part.getInputStream().readAllBytes()));
                }
            }
        } catch (MessagingException | IOException e) {
            return List.of();
        }
        return parts;
    }

    /** The text fields, added to {@code parameters}. */
    static void fields(Collection<Part> parts, Map<String, String[]> parameters) {
        for (Part p : parts) {
            if (p.getSubmittedFileName() == null) {
                String[] before = parameters.getOrDefault(p.getName(), new String[0]);
                String[] after = java.util.Arrays.copyOf(before, before.length + 1);
                after[before.length] = new String(((FormPart) p).bytes, StandardCharsets.UTF_8);
                parameters.put(p.getName(), after);
            }
        }
    }

    private record FormPart(String name, String fileName, String contentType, String disposition, byte[] bytes)
            implements Part {

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getSubmittedFileName() {
            return fileName;
        }

        @Override
        public long getSize() {
            return bytes.length;
        }

        @Override
        public void write(String fileName) throws IOException {
            Files.write(Path.of(fileName), bytes);
        }

        @Override
        public void delete() {
            // held in memory only
        }

        @Override
        public String getHeader(String header) {
            if ("content-disposition".equalsIgnoreCase(header)) {
                return disposition;
            }
            return "content-type".equalsIgnoreCase(header) ? contentType : null;
        }

        @Override
        public Collection<String> getHeaders(String header) {
            String value = getHeader(header);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Collection<String> getHeaderNames() {
            return Collections.unmodifiableList(List.of("Content-Disposition", "Content-Type"));
        }
    }
}
