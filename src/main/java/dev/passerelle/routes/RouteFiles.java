package dev.passerelle.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import dev.passerelle.connectors.Triggers;
import dev.passerelle.support.Tokens;

/**
 * The route files: Passerelle's own (on the classpath, {@code routes/*.camel.yaml}) and the ops
 * staff's ({@code PASSERELLE_ROUTES_DIR}, default {@code ./routes}). A file is checked whole before
 * it replaces anything; a rejected file, or one whose routes fail to start, leaves the routes it
 * had running as they were.
 */
@Component
class RouteFiles {

    static final String SUFFIX = ".camel.yaml";
    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);

    enum Status { RUNNING, FAILED, REJECTED, REMOVED }

    /**
     * A file as last seen. {@code running} are the routes it has in Camel now (the last good
     * version's, when a newer one was rejected or failed).
     */
    record FileState(String file, Status status, List<Problem> problems, Instant checkedAt, Instant loadedAt,
                     String checksum, String runningText, List<ParsedRoute> running) {
    }

    private final CamelContext camel;
    private final Triggers triggers;
    private final RouteFileParser parser;
    private final Clock clock;
    private final Path dir;
    private final Map<String, FileState> files = new TreeMap<>();
    /** Passerelle's own route files: read once, they cannot change while it runs. */
    private Map<String, String> builtIns;

    RouteFiles(CamelContext camel, Triggers triggers, RouteFileParser parser, Clock clock,
               @Value("${passerelle.routes.dir:./routes}") Path dir) {
        this.camel = camel;
        this.triggers = triggers;
        this.parser = parser;
        this.clock = clock;
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Loads what changed: built-in files once, then every {@code *.camel.yaml} in the directory.
     * The first call, however its files fare, lets the triggers' event sources go on.
     */
    synchronized List<FileState> reload() {
        try {
            return load();
        } finally {
            triggers.loaded();
        }
    }

    private List<FileState> load() {
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, String> builtIn : builtIns().entrySet()) {
            seen.add(builtIn.getKey());
            apply(builtIn.getKey(), builtIn.getValue());
        }
        for (Path path : ops()) {
            String name = dir.relativize(path).toString();
            seen.add(name);
            try {
                apply(name, Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                reject(name, List.of(new Problem(name, null, "cannot read the file: " + e.getMessage())), null);
            }
        }
        for (String gone : new ArrayList<>(files.keySet())) {
            if (!seen.contains(gone) && files.get(gone).status() != Status.REMOVED) {
                remove(gone);
            }
        }
        return states();
    }

    synchronized List<FileState> states() {
        return List.copyOf(files.values());
    }

    /** The running routes, by id. */
    synchronized Map<String, ParsedRoute> running() {
        Map<String, ParsedRoute> all = new LinkedHashMap<>();
        files.values().forEach(f -> f.running().forEach(r -> all.put(r.id(), r)));
        return all;
    }

    synchronized Optional<ParsedRoute> route(String id) {
        return Optional.ofNullable(running().get(id));
    }

    /** Checks a file's text as if it were saved under {@code name}, deploying nothing. */
    synchronized RouteFileParser.Verdict validate(String name, String yaml) {
        RouteFileParser.Verdict verdict = parser.parse(name, yaml);
        List<Problem> clashes = clashes(name, verdict.routes());
        if (clashes.isEmpty()) {
            return verdict;
        }
        List<Problem> all = new ArrayList<>(verdict.problems());
        all.addAll(clashes);
        return new RouteFileParser.Verdict(name, List.of(), all);
    }

    private void apply(String name, String text) {
        String checksum = Tokens.sha256Hex(text);
        FileState known = files.get(name);
        if (known != null && checksum.equals(known.checksum()) && known.status() != Status.REMOVED) {
            return;
        }
        RouteFileParser.Verdict verdict = validate(name, text);
        if (!verdict.ok()) {
            reject(name, verdict.problems(), checksum);
            return;
        }
        List<ParsedRoute> previous = known == null ? List.of() : known.running();
        try {
            removeFromCamel(previous);
            ((ModelCamelContext) camel).addRouteDefinitions(verdict.routes().stream().map(ParsedRoute::definition).toList());
        } catch (Exception e) {
            fail(name, text, checksum, previous, known, e);
            return;
        }
        Instant now = clock.instant();
        files.put(name, new FileState(name, Status.RUNNING, List.of(), now, now, checksum, text, verdict.routes()));
        log.info("Route file {} loaded: {}", name, verdict.routes().stream().map(ParsedRoute::id).toList());
    }

    /** The new version would not start: take it out again and put the last good one back. */
    private void fail(String name, String text, String checksum, List<ParsedRoute> previous, FileState known, Exception e) {
        List<ParsedRoute> attempted = parser.parse(name, text).routes();
        removeQuietly(attempted);
        List<ParsedRoute> restored = List.of();
        if (known != null && known.runningText() != null) {
            RouteFileParser.Verdict again = parser.parse(name, known.runningText());
            try {
                ((ModelCamelContext) camel).addRouteDefinitions(again.routes().stream().map(ParsedRoute::definition).toList());
                restored = again.routes();
            } catch (Exception restoreFailure) {
                log.error("Route file {}: the previous version could not be restarted either", name, restoreFailure);
            }
        }
        String reason = rootMessage(e);
        log.warn("Route file {} failed to start, previous routes {} kept: {}", name,
                restored.stream().map(ParsedRoute::id).toList(), reason);
        files.put(name, new FileState(name, Status.FAILED, List.of(new Problem(name, null, reason)), clock.instant(),
                known == null ? null : known.loadedAt(), checksum, known == null ? null : known.runningText(), restored));
    }

    private void reject(String name, List<Problem> problems, String checksum) {
        FileState known = files.get(name);
        problems.forEach(p -> log.warn("Route file rejected, running routes unchanged: {}", p));
        files.put(name, new FileState(name, Status.REJECTED, problems, clock.instant(),
                known == null ? null : known.loadedAt(), checksum, known == null ? null : known.runningText(),
                known == null ? List.of() : known.running()));
    }

    private void remove(String name) {
        FileState known = files.get(name);
        removeQuietly(known.running());
        log.info("Route file {} removed: routes {} stopped", name, known.running().stream().map(ParsedRoute::id).toList());
        files.put(name, new FileState(name, Status.REMOVED, List.of(), clock.instant(), null, null, null, List.of()));
    }

    private List<Problem> clashes(String name, List<ParsedRoute> routes) {
        List<Problem> problems = new ArrayList<>();
        for (ParsedRoute r : routes) {
            files.values().stream().filter(f -> !f.file().equals(name))
                    .filter(f -> f.running().stream().anyMatch(o -> o.id().equals(r.id())))
                    .findFirst().ifPresent(f -> problems.add(new Problem(name, RouteFileParser.line(r.definition()),
                            "route id '" + r.id() + "' is already used by " + f.file())));
            if (camel.getRoute(r.id()) != null && running().values().stream().noneMatch(o -> o.id().equals(r.id()))) {
                problems.add(new Problem(name, RouteFileParser.line(r.definition()),
                        "route id '" + r.id() + "' is taken by one of Passerelle's built-in routes"));
            }
        }
        return problems;
    }

    private void removeFromCamel(Collection<ParsedRoute> routes) throws Exception {
        for (ParsedRoute r : routes) {
            if (camel.getRoute(r.id()) != null) {
                camel.getRouteController().stopRoute(r.id());
                camel.removeRoute(r.id());
            }
            RouteDefinition definition = ((ModelCamelContext) camel).getRouteDefinition(r.id());
            if (definition != null) {
                ((ModelCamelContext) camel).removeRouteDefinition(definition);
            }
        }
    }

    private void removeQuietly(Collection<ParsedRoute> routes) {
        try {
            removeFromCamel(routes);
        } catch (Exception e) {
            log.warn("Could not remove routes {}", routes.stream().map(ParsedRoute::id).toList(), e);
        }
    }

    private Map<String, String> builtIns() {
        if (builtIns != null) {
            return builtIns;
        }
        Map<String, String> texts = new TreeMap<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:routes/*" + SUFFIX)) {
                texts.put("builtin/" + r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the built-in routes", e);
        }
        builtIns = texts;
        return texts;
    }

    private List<Path> ops() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            log.warn("Cannot list {}: {}", dir, e.getMessage());
            return List.of();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
