package dev.passerelle.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its header rule written out. The firewall checks the name
 * and the value of every header a request's code reads, each time it reads it, with a regular
 * expression ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, and a tab allowed in values): about 4 %
 * of a shop delivery's HTTP-thread CPU, which reads a dozen headers (bench/README.md, "compare"). The
 * rule is the same, per code point (HeaderRulesTest holds it to Spring's own for every code point);
 * printable ASCII, nearly every header, is passed without looking it up.
 */
@Configuration(proxyBeanMethods = false)
class HeaderRules {

    @Bean
    WebSecurityCustomizer headerRulesInTheFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderRules::allowedName);
        firewall.setAllowedHeaderValues(HeaderRules::allowedValue);
        return web -> web.httpFirewall(firewall);
    }

    /** Assigned code points, no control characters. */
    static boolean allowedName(String name) {
        return allowed(name, false);
    }

    /** The same, and tabs. */
    static boolean allowedValue(String value) {
        return allowed(value, true);
    }

    private static boolean allowed(String text, boolean tab) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
