package dev.passerelle;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The cuts between features: no package cycles, shared packages that know no feature, and each
 * feature's SQL naming only its own tables (a feature talks to another through its service API).
 */
@AnalyzeClasses(packages = "dev.passerelle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every feature may use these; they use no feature. */
    private static final String[] SHARED = {"dev.passerelle.support..", "dev.passerelle.web.."};

    /**
     * Each table's owner: the feature whose package reads and writes it, which is not always the one
     * its migration is named after (company_profile came with V5__invoicing; it is tenancy's). Kept
     * here rather than as comments in the migrations because editing an applied migration changes
     * its Flyway checksum, and existing databases then refuse to start. A table that a migration
     * creates and this map does not name fails the test.
     */
    private static final Map<String, Set<String>> TABLES = Map.ofEntries(
            Map.entry("tenancy", Set.of("tenant", "api_key", "company_profile")),
            Map.entry("secrets", Set.of("secret")),
            Map.entry("hooks", Set.of("inbound_hook")),
            Map.entry("inbox", Set.of("inbox_event", "inbox_attempt")),
            Map.entry("events", Set.of("domain_event", "event_delivery")),
            Map.entry("invoicing", Set.of("client", "client_email", "client_ref", "product", "product_ref", "document",
                    "document_line", "document_history", "document_payment", "numbering_format", "document_sequence")),
            Map.entry("mail", Set.of("mail_settings", "mail_template", "mail_bulk_job", "email", "email_history",
                    "mail_tracking", "mail_suppression")),
            Map.entry("woocommerce", Set.of("woo_connection", "woo_order")),
            Map.entry("authserver", Set.of("oauth2_authorization", "oauth2_authorization_consent")),
            Map.entry("users", Set.of("console_user", "console_session", "console_user_link", "console_sign_in_failure")),
            Map.entry("routes", Set.of("route_installation", "route_run")),
            Map.entry("connectors", Set.of("route_effect", "action_request")),
            Map.entry("accounts", Set.of("connected_account", "account_authorization")),
            Map.entry("einvoicing", Set.of("einvoicing_settings", "einvoicing_client", "peppol_transmission")),
            Map.entry("pipeline", Set.of("pipeline", "pipeline_stage", "pipeline_card", "pipeline_card_move", "task")),
            Map.entry("automation", Set.of("automation", "automation_run", "automation_contact", "automation_effect")),
            Map.entry("webhooks", Set.of("webhook_subscription", "webhook_message", "webhook_delivery",
                    "webhook_attempt")));

    /** Quartz's job store (V3__quartz.sql) belongs to no feature: only Quartz reads it. */
    private static final String QUARTZ = "Quartz (framework)";

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    // Subpackages are slices of their own: invoicing.pdf may use invoicing, not the other way round.
    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices().matching("dev.passerelle.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule shared_packages_use_no_feature = classes().that().resideInAnyPackage(SHARED)
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("dev.passerelle..").or(resideInAnyPackage(SHARED)));

    @ArchTest
    static final ArchRule features_name_only_their_own_tables_in_sql = classes().that().areTopLevelClasses()
            .should(nameOnlyOwnTables());

    @ArchTest
    static void every_table_has_one_owner_that_uses_it(JavaClasses classes) {
        Map<String, String> owners = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        TABLES.forEach((feature, tables) -> tables.forEach(t -> {
            if (owners.putIfAbsent(t, feature) != null) {
                problems.add("ArchitectureTest.TABLES gives " + t + " two owners: " + owners.get(t) + " and " + feature);
            }
        }));
        Set<String> created = tablesInMigrations();
        created.stream().filter(t -> !t.startsWith("qrtz_") && !owners.containsKey(t))
                .forEach(t -> problems.add("table " + t + " has no owner: add it to ArchitectureTest.TABLES"));
        owners.keySet().stream().filter(t -> !created.contains(t))
                .forEach(t -> problems.add("ArchitectureTest.TABLES names " + t + ", which no migration creates"));
        // Also proves the SQL scan sees something: an owner whose code never names its table means
        // the map or the scan is wrong.
        Set<String> named = new TreeSet<>();
        classes.stream().filter(JavaClass::isTopLevelClass)
                .forEach(c -> sqlTables(source(c)).stream()
                        .filter(t -> feature(c).equals(owners.get(t.table()))).forEach(t -> named.add(t.table())));
        owners.keySet().stream().filter(t -> created.contains(t) && !named.contains(t))
                .forEach(t -> problems.add("no SQL in " + owners.get(t) + " names its table " + t));
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static ArchCondition<JavaClass> nameOnlyOwnTables() {
        return new ArchCondition<>("name in their SQL only tables their feature owns") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (SqlTable t : sqlTables(source(c))) {
                    String owner = t.table().startsWith("qrtz_") ? QUARTZ : ownerOf(t.table());
                    if (owner != null && !owner.equals(feature(c))) {
                        events.add(SimpleConditionEvent.violated(c, "%s:%d names table %s (owned by %s) after %s"
                                .formatted(t.file(), t.line(), t.table(), owner, t.keyword().toUpperCase(Locale.ROOT))));
                    }
                }
            }
        };
    }

    private static String ownerOf(String table) {
        return TABLES.entrySet().stream().filter(e -> e.getValue().contains(table)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** docs/architecture.md's package map names every package under dev.passerelle, with the tables it owns. */
    @ArchTest
    static void the_package_map_in_the_docs_is_true(JavaClasses classes) throws java.io.IOException {
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z]+)` \\|[^|]*\\| ([^|]*) \\|$")
                .matcher(Files.readString(Path.of("docs/architecture.md")));
        while (row.find()) {
            String tables = row.group(2).strip();
            documented.put(row.group(1), tables.equals("—") ? Set.of()
                    : new TreeSet<>(List.of(tables.split(",\\s*"))));
        }
        Map<String, Set<String>> actual = new TreeMap<>();
        try (var dirs = Files.list(SOURCES.resolve("dev/passerelle"))) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                String name = d.getFileName().toString();
                actual.put(name, new TreeSet<>(TABLES.getOrDefault(name, Set.of())));
            });
        }
        if (!documented.equals(actual)) {
            throw new AssertionError("docs/architecture.md's package map says " + documented + "\nbut the code has "
                    + actual);
        }
    }

    /** The feature a class belongs to: the package under dev.passerelle (invoicing.pdf is invoicing). */
    private static String feature(JavaClass c) {
        String[] packages = c.getPackageName().split("\\.");
        return packages.length > 2 ? packages[2] : "";
    }

    private static Path source(JavaClass c) {
        Path file = SOURCES.resolve(c.getPackageName().replace('.', '/'))
                .resolve(c.getSourceCodeLocation().getSourceFileName());
        if (!Files.isRegularFile(file)) {
            // A class whose source cannot be found would pass unread.
            throw new AssertionError("no source " + file + " for " + c.getName());
        }
        return file;
    }

    private record SqlTable(Path file, int line, String keyword, String table) {
    }

    /** Comments, text blocks, string and char literals, in the order they start; only literals are read. */
    private static final Pattern JAVA_TOKENS = Pattern.compile(
            "//[^\n]*|/\\*.*?\\*/|\"\"\"(.*?)(?<!\\\\)\"\"\"|\"((?:[^\"\\\\\n]|\\\\.)*)\"|'(?:[^'\\\\\n]|\\\\.)+'",
            Pattern.DOTALL);
    /** A table after FROM, JOIN, INTO, UPDATE or TABLE, and those of a comma list (FROM a x, b y). */
    private static final Pattern SQL_TABLES = Pattern.compile(
            "\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+((?:[\\w.\"]+(?:\\s+(?:AS\\s+)?\\w+)?\\s*,\\s*)*[\\w.\"]+)",
            Pattern.CASE_INSENSITIVE);

    /**
     * The tables a Java source names in SQL in its string literals (with the line each is on). SQL
     * pieced together from a variable ({@code "FROM " + table}) is not seen: name tables in the text.
     */
    private static List<SqlTable> sqlTables(Path file) {
        String java = read(file);
        List<SqlTable> found = new ArrayList<>();
        Matcher token = JAVA_TOKENS.matcher(java);
        while (token.find()) {
            String literal = token.group(1) != null ? token.group(1) : token.group(2);
            if (literal == null) {
                continue;
            }
            literal = literal.replace("\\\"", "\"");
            int start = token.start(1) >= 0 ? token.start(1) : token.start(2);
            Matcher sql = SQL_TABLES.matcher(literal);
            while (sql.find()) {
                int line = lineOf(java, start + sql.start());
                for (String item : sql.group(2).split(",")) {
                    found.add(new SqlTable(file, line, sql.group(1), tableName(item.strip().split("\\s+")[0])));
                }
            }
        }
        return found;
    }

    /** The tables the migrations leave behind: created, minus dropped, renamed followed. */
    private static Set<String> tablesInMigrations() {
        Pattern ddl = Pattern.compile(
                "\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:\\w+\\s+)?(?:TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w.\"]+)"
                + "|\\bDROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)"
                + "|\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([\\w.\"]+)\\s+RENAME\\s+TO\\s+([\\w.\"]+)",
                Pattern.CASE_INSENSITIVE);
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("V[\\d._]+__.*\\.sql"))
                    .sorted(Comparator.comparing(ArchitectureTest::version)).toList()) {
                Matcher m = ddl.matcher(read(file).replaceAll("--[^\n]*", ""));
                while (m.find()) {
                    if (m.group(1) != null) {
                        tables.add(tableName(m.group(1)));
                    } else if (m.group(2) != null) {
                        tables.remove(tableName(m.group(2)));
                    } else {
                        tables.remove(tableName(m.group(3)));
                        tables.add(tableName(m.group(4)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tables.isEmpty()) {
            throw new AssertionError("no CREATE TABLE found in " + MIGRATIONS);
        }
        return tables;
    }

    private static MigrationVersion version(Path migration) {
        String name = migration.getFileName().toString();
        return MigrationVersion.fromVersion(name.substring(1, name.indexOf("__")).replace('_', '.'));
    }

    /** public."Tenant" → tenant */
    private static String tableName(String identifier) {
        String name = identifier.substring(identifier.lastIndexOf('.') + 1).replace("\"", "");
        return name.toLowerCase(Locale.ROOT);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
