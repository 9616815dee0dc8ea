package dev.passerelle.connectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * Every building block, by name, and the one place that says whether a block's options are
 * acceptable: the endpoint, the route validator and the installation API all ask here.
 */
@Component
public class Catalog {

    /** Names a step inside a route; not a property of any block. */
    public static final String STEP = "step";

    private final Map<String, Block> blocks = new TreeMap<>();

    Catalog(List<Block> blocks) {
        for (Block block : blocks) {
            if (this.blocks.put(block.spec().name(), block) != null) {
                throw new IllegalStateException("two building blocks named " + block.spec().name());
            }
        }
    }

    public Optional<Block> find(String name) {
        return Optional.ofNullable(blocks.get(name));
    }

    public List<BlockSpec> specs() {
        return blocks.values().stream().map(Block::spec)
                .sorted(Comparator.comparing((BlockSpec s) -> s.role()).thenComparing(BlockSpec::name)).toList();
    }

    /** Why the block is unknown, with the names it could have meant. */
    public String unknown(String name) {
        return "unknown building block 'passerelle:" + name + "'; known: " + String.join(", ", blocks.keySet());
    }

    /**
     * Problems with a block's options as written in a route (literal values are type-checked,
     * templates are checked for their roots), each naming the property.
     */
    public List<String> check(BlockSpec spec, Map<String, String> options) {
        List<String> problems = new ArrayList<>();
        for (PropertySpec p : spec.properties()) {
            if (p.required() && p.defaultValue() == null && (options.get(p.name()) == null
                    || options.get(p.name()).isBlank())) {
                problems.add("property '" + p.name() + "' is required (" + p.title() + ")");
            }
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            if (name.equals(STEP) && spec.role() == BlockSpec.Role.ACTION) {
                continue;
            }
            Optional<PropertySpec> property = spec.property(name);
            if (property.isEmpty()) {
                problems.add("unknown property '" + name + "' of passerelle:" + spec.name() + "; it has: "
                        + String.join(", ", spec.properties().stream().map(PropertySpec::name).toList()));
                continue;
            }
            problems.addAll(checkValue(property.get(), value));
        }
        return problems;
    }

    private static List<String> checkValue(PropertySpec p, String value) {
        List<String> problems = new ArrayList<>();
        if (value == null) {
            return problems;
        }
        if (Templates.isTemplate(value)) {
            String bad = Templates.malformed(value);
            if (bad != null) {
                problems.add("property '" + p.name() + "': malformed placeholder near '" + bad + "'");
            }
            for (Templates.Reference ref : Templates.references(value)) {
                if (!Templates.ROOTS.contains(ref.root())) {
                    problems.add("property '" + p.name() + "': unknown placeholder root '${" + ref.root()
                            + "...}'; use one of " + String.join(", ", new java.util.TreeSet<>(Templates.ROOTS)));
                } else if (ref.root().equals("install") && ref.name().isEmpty()) {
                    problems.add("property '" + p.name() + "': ${install} needs a parameter name, e.g. ${install.teamEmail}");
                }
            }
            if (p.type() == PropertyType.SECRET && !isInstallParameter(value)) {
                problems.add("property '" + p.name() + "': " + PropertyType.SECRET.check(value));
            }
            return problems;
        }
        String why = p.check(value);
        if (why != null) {
            problems.add("property '" + p.name() + "': '" + abbreviate(value) + "' " + why);
        }
        return problems;
    }

    /** True when the value is one {@code ${install.name}}: what a secret and a mapping may be. */
    public static boolean isInstallParameter(String value) {
        List<Templates.Reference> refs = Templates.references(value);
        return refs.size() == 1 && refs.get(0).root().equals("install") && value.strip().equals(
                "${install" + refs.get(0).path() + "}") && refs.get(0).path().indexOf('.', 1) < 0;
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
