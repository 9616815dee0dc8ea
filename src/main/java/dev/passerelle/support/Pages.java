package dev.passerelle.support;

import java.util.List;

/** One page of a keyset-paginated listing; {@code nextCursor} is absent on the last page. */
public record Pages<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static int clampLimit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw Problems.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
