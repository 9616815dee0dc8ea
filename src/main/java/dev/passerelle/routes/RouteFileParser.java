package dev.passerelle.routes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RoutesDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.stereotype.Component;

import dev.passerelle.connectors.Block;
import dev.passerelle.connectors.BlockSpec;
import dev.passerelle.connectors.Catalog;
import dev.passerelle.connectors.PropertySpec;
import dev.passerelle.connectors.Templates;

/**
 * Reads a route file with Camel's YAML DSL and checks it without deploying anything: YAML and
 * DSL errors, route ids, the Passerelle blocks and their properties, the components it names,
 * and the installation parameters it declares. Every problem names the file and, where Camel
 * knows it, the line.
 */
@Component
class RouteFileParser {

    private static final String SCHEME = "passerelle";

    private final CamelContext camel;
    private final Catalog catalog;

    RouteFileParser(CamelContext camel, Catalog catalog) {
        this.camel = camel;
        this.catalog = catalog;
    }

    /** The routes of a file, or what is wrong with it. */
    record Verdict(String file, List<ParsedRoute> routes, List<Problem> problems) {

        boolean ok() {
            return problems.isEmpty();
        }
    }

    Verdict parse(String file, String yaml) {
        List<Problem> problems = new ArrayList<>();
        List<RouteDefinition> definitions;
        try {
            definitions = definitions(file, yaml);
        } catch (Exception e) {
            problems.add(yamlProblem(file, e));
            return new Verdict(file, List.of(), problems);
        }
        if (definitions.isEmpty()) {
            problems.add(new Problem(file, null, "no route in this file (expected a list of '- route:' items)"));
        }
        List<ParsedRoute> routes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (RouteDefinition definition : definitions) {
            String id = definition.getRouteId();
            if (id == null || !definition.hasCustomIdAssigned()) {
                problems.add(new Problem(file, line(definition), "every route needs an 'id': tenants install it by id"));
                continue;
            }
            if (!ids.add(id)) {
                problems.add(new Problem(file, line(definition), "route id '" + id + "' is used twice in this file"));
                continue;
            }
            routes.add(check(file, definition, problems));
        }
        return new Verdict(file, problems.isEmpty() ? routes : List.of(), problems);
    }

    private List<RouteDefinition> definitions(String file, String yaml) throws Exception {
        Resource resource = ResourceHelper.fromString(file.endsWith(".yaml") ? file : file + ".camel.yaml", yaml);
        List<RouteDefinition> all = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource), true)) {
            if (builder instanceof RouteBuilder routeBuilder) {
                RoutesDefinition routes = routeBuilder.configureRoutes(camel);
                all.addAll(routes.getRoutes());
                if (!routeBuilder.getRestCollection().getRests().isEmpty()
                        || !routeBuilder.getRouteTemplateCollection().getRouteTemplates().isEmpty()) {
                    throw new IllegalArgumentException("only '- route:' items are allowed in a route file "
                            + "(no rest, routeTemplate or beans)");
                }
            }
        }
        return all;
    }

    private ParsedRoute check(String file, RouteDefinition route, List<Problem> problems) {
        FromDefinition from = route.getInput();
        String trigger = null;
        Map<String, String> triggerOptions = Map.of();
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        Optional<Endpoint> start = endpoint(from.getEndpointUri());
        if (start.isPresent() && start.get().scheme().equals(SCHEME)) {
            Endpoint e = start.get();
            Optional<Block> block = block(file, from, e, BlockSpec.Role.TRIGGER, problems);
            if (block.isPresent()) {
                trigger = e.path();
                triggerOptions = e.options();
                collectParameters(file, from, block.get().spec(), e.options(), parameters, problems);
            }
        } else if (start.isPresent()) {
            checkComponent(file, from, start.get(), problems);
        }
        Set<String> steps = new HashSet<>();
        for (ProcessorDefinition<?> node : walk(route.getOutputs())) {
            if (node instanceof ToDynamicDefinition dynamic) {
                Optional<Endpoint> target = endpoint(dynamic.getUri());
                if (target.isPresent() && target.get().scheme().equals(SCHEME)) {
                    problems.add(new Problem(file, line(node), "use 'to', not 'toD' or 'wireTap', with passerelle: blocks "
                            + "(their properties take ${...} placeholders themselves)"));
                }
                continue;
            }
            if (!(node instanceof SendDefinition<?> send)) {
                continue;
            }
            Optional<Endpoint> target = endpoint(send.getEndpointUri());
            if (target.isEmpty()) {
                continue;
            }
            Endpoint e = target.get();
            if (!e.scheme().equals(SCHEME)) {
                checkComponent(file, node, e, problems);
                continue;
            }
            Optional<Block> block = block(file, node, e, BlockSpec.Role.ACTION, problems);
            if (block.isEmpty()) {
                continue;
            }
            if (trigger == null) {
                problems.add(new Problem(file, line(node), "passerelle:" + e.path() + " needs a route that starts with a "
                        + "Passerelle trigger (passerelle:event, hook, schedule or shop-order): that is what tells it "
                        + "whose data it acts on"));
            }
            String step = e.options().getOrDefault(Catalog.STEP, e.path() + e.options());
            if (!steps.add(step)) {
                problems.add(new Problem(file, line(node), "two steps passerelle:" + e.path() + " with the same options: "
                        + "give each a distinct 'step' name so each has its own effect"));
            }
            collectParameters(file, node, block.get().spec(), e.options(), parameters, problems);
        }
        return new ParsedRoute(route.getRouteId(), route.getDescriptionText(), file, trigger, triggerOptions, parameters,
                route);
    }

    private Optional<Block> block(String file, OptionalIdentifiedDefinition<?> node, Endpoint e, BlockSpec.Role role,
                                  List<Problem> problems) {
        Optional<Block> block = catalog.find(e.path());
        if (block.isEmpty()) {
            problems.add(new Problem(file, line(node), catalog.unknown(e.path())));
            return Optional.empty();
        }
        BlockSpec spec = block.get().spec();
        if (spec.role() != role) {
            problems.add(new Problem(file, line(node), "passerelle:" + e.path() + " is "
                    + (spec.role() == BlockSpec.Role.TRIGGER ? "a trigger: use it in 'from'" : "an action: use it in 'to'")));
            return Optional.empty();
        }
        for (String problem : catalog.check(spec, e.options())) {
            problems.add(new Problem(file, line(node), "passerelle:" + e.path() + ": " + problem));
        }
        return block;
    }

    private void collectParameters(String file, OptionalIdentifiedDefinition<?> node, BlockSpec spec,
                                   Map<String, String> options, Map<String, ParameterSpec> parameters,
                                   List<Problem> problems) {
        // In the block's property order: the order a tenant reads them in.
        for (PropertySpec property : spec.properties()) {
            String value = options.get(property.name());
            for (Templates.Reference ref : Templates.references(value)) {
                if (!ref.root().equals("install") || ref.name().isEmpty()) {
                    continue;
                }
                ParameterSpec declared = ParameterSpec.of(ref.name(), spec.name(), property,
                        Catalog.isInstallParameter(value));
                ParameterSpec known = parameters.get(ref.name());
                if (known == null) {
                    parameters.put(ref.name(), declared);
                } else if (known.type() != declared.type() && (known.secret() || declared.secret())) {
                    problems.add(new Problem(file, line(node), "installation parameter '" + ref.name()
                            + "' is a secret in one place and not in another (" + known.usedBy() + ", "
                            + declared.usedBy() + "): a secret is never used as plain text"));
                }
            }
        }
    }

    private void checkComponent(String file, OptionalIdentifiedDefinition<?> node, Endpoint e, List<Problem> problems) {
        if (e.scheme().contains("{{") || e.scheme().contains("${")) {
            return;
        }
        if (camel.getComponent(e.scheme(), true, false) == null) {
            problems.add(new Problem(file, line(node), "unknown component '" + e.scheme() + ":' (not on the classpath at "
                    + "Camel " + camel.getVersion() + ")"));
        }
    }

    private record Endpoint(String scheme, String path, Map<String, String> options) {
    }

    private static Optional<Endpoint> endpoint(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon);
        String rest = uri.substring(colon + 1);
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> options = new LinkedHashMap<>();
        if (q >= 0) {
            try {
                Map<String, Object> parsed = URISupport.parseQuery(rest.substring(q + 1), false, true);
                URISupport.resolveRawParameterValues(parsed);
                parsed.forEach((k, v) -> options.put(k, v == null ? null : v.toString()));
            } catch (Exception e) {
                options.put("?", rest.substring(q + 1));
            }
        }
        return Optional.of(new Endpoint(scheme, path, options));
    }

    private static List<ProcessorDefinition<?>> walk(List<ProcessorDefinition<?>> outputs) {
        List<ProcessorDefinition<?>> all = new ArrayList<>();
        for (ProcessorDefinition<?> node : outputs) {
            all.add(node);
            if (node instanceof org.apache.camel.model.ChoiceDefinition choice) {
                choice.getWhenClauses().forEach(w -> all.addAll(walk(w.getOutputs())));
                if (choice.getOtherwise() != null) {
                    all.addAll(walk(choice.getOtherwise().getOutputs()));
                }
            } else {
                all.addAll(walk(node.getOutputs()));
            }
        }
        return all;
    }

    static Integer line(OptionalIdentifiedDefinition<?> node) {
        int line = node.getLineNumber();
        return line > 0 ? line : null;
    }

    private static Problem yamlProblem(String file, Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
                return new Problem(file, marked.getProblemMark().get().getLine() + 1, oneLine(marked.getProblem()
                        + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")")));
            }
            t = t.getCause();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
        return new Problem(file, null, oneLine(message));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
