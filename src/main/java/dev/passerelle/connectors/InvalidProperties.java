package dev.passerelle.connectors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An action's values are wrong, each problem naming its field (a property, or a line's field such
 * as {@code lines[1].quantity}), what was expected and what came. Permanent: the same values fail
 * the same way.
 */
public class InvalidProperties extends ActionException {

    /** One wrong value: {@code field} as the caller wrote it, {@code message} without the field. */
    public record Problem(String field, String message) {

        @Override
        public String toString() {
            return field.isEmpty() ? message : field + ": " + message;
        }
    }

    private final List<Problem> problems;

    public InvalidProperties(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
