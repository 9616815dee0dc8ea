package dev.passerelle.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.PasserelleTest;

/**
 * connectors/README.md's catalogue and connectors/*.json are what the validator checks against.
 * Stale? Regenerate with {@code ./mvnw test -Dtest=CatalogDocsTest -Dconnectors.write=true}.
 */
@PasserelleTest
class CatalogDocsTest {

    static final Path DIR = Path.of("connectors");
    static final String HOW = "stale: regenerate with ./mvnw test -Dtest=CatalogDocsTest -Dconnectors.write=true";

    @Autowired
    Catalog catalog;

    @Test
    void theCatalogueInTheReadmeIsGeneratedFromTheBlocks() throws IOException {
        Path readme = DIR.resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(CatalogDocs.BEGIN);
        int end = text.indexOf(CatalogDocs.END);
        assertThat(begin).as("connectors/README.md has the catalogue markers").isNotNegative();
        String expected = text.substring(0, begin) + CatalogDocs.catalogue(catalog.specs())
                + text.substring(end + CatalogDocs.END.length() + 1);
        if (Boolean.getBoolean("connectors.write")) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(readme, StandardCharsets.UTF_8)).as(HOW).isEqualTo(expected);
    }

    @Test
    void eachBlockHasItsJsonSchemaAndNoOtherSchemaIsLeft() throws IOException {
        Map<String, String> schemas = CatalogDocs.schemas(catalog.specs());
        if (Boolean.getBoolean("connectors.write")) {
            try (Stream<Path> old = Files.list(DIR)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.delete(p);
                }
            }
            for (var e : schemas.entrySet()) {
                Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .as(HOW).containsExactlyInAnyOrderElementsOf(schemas.keySet());
        }
        for (var e : schemas.entrySet()) {
            assertThat(Files.readString(DIR.resolve(e.getKey()), StandardCharsets.UTF_8)).as(e.getKey() + " " + HOW)
                    .isEqualTo(e.getValue());
        }
    }
}
