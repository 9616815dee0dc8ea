package dev.passerelle.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The directory that holds the embedded database, generated keys and tokens. */
@Component
public class DataDirectory {

    private final Path root;

    DataDirectory(@Value("${passerelle.data-dir}") Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Reads a file the server generated earlier, or null when there is none. */
    public String read(String name) {
        Path file = root.resolve(name);
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Writes a file readable by the owner only: these files hold keys and tokens. */
    public void writePrivate(String name, String content) {
        Path file = root.resolve(name);
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempFile(root, name, ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies.
        }
    }
}
