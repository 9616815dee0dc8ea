package dev.passerelle.connectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reader for what routes carry: decimals stay {@code BigDecimal} with their scale, so an
 * invoice's 24.20 is 24.20 in every template, CSV and message, never 24.2 or 24.199999.
 */
public final class ExactJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ExactJson() {
    }
}
