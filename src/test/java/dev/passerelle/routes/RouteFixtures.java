package dev.passerelle.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Route files written where the server reads them, as an ops person would. */
final class RouteFixtures {

    private RouteFixtures() {
    }

    static void write(RouteFiles files, String name, String yaml) throws IOException {
        Files.createDirectories(files.dir());
        Files.writeString(files.dir().resolve(name), yaml, StandardCharsets.UTF_8);
    }

    /** Copies one of the shipped examples ({@code routes/examples/}) into the server's folder. */
    static void example(RouteFiles files, String name) throws IOException {
        write(files, name, Files.readString(Path.of("routes/examples", name), StandardCharsets.UTF_8));
        files.reload();
    }

    static void clear(RouteFiles files) throws IOException {
        if (Files.isDirectory(files.dir())) {
            try (Stream<Path> list = Files.list(files.dir())) {
                for (Path p : list.toList()) {
                    Files.delete(p);
                }
            }
        }
        files.reload();
    }
}
