package dev.passerelle.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.passerelle.support.InvalidInput;

/**
 * {@link NulCharacters}' rule for query parameters and path variables: 400 naming the parameter
 * before any handler runs ({@code q: must not contain the NUL character (U+0000)}). The query is
 * read from the request line, never from a form body, so raw bodies stay untouched.
 */
class NoNulParameters implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query != null && (query.contains("%00") || query.contains("\u0000"))) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (NulCharacters.in(name)) {
                    throw new InvalidInput(NulCharacters.problem("a query parameter's name"));
                }
                if (NulCharacters.in(value)) {
                    throw new InvalidInput(NulCharacters.problem(name));
                }
            }
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            for (Map.Entry<?, ?> variable : variables.entrySet()) {
                if (variable.getValue() instanceof String value && NulCharacters.in(value)) {
                    throw new InvalidInput(NulCharacters.problem(String.valueOf(variable.getKey())));
                }
            }
        }
        return true;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a broken escape is not a NUL; whoever reads the parameter refuses it
        }
    }
}
