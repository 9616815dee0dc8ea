package dev.passerelle.web;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's language switch: the choice is a cookie ({@code passerelle_lang}, a year), which
 * wins over {@code Accept-Language}; without it the browser's language is used, as before. A
 * cookie rather than a column: it needs no migration and also works on the sign-in page's
 * next visit.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleLanguage {

    static final String COOKIE = "passerelle_lang";

    /** Spring MVC looks the resolver up by this name. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(COOKIE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    @Controller
    @ConsolePage
    @Hidden
    static class Switch {

        private final LocaleResolver resolver;

        Switch(LocaleResolver resolver) {
            this.resolver = resolver;
        }

        /** Sets the language (English or French; anything else English) and goes back to {@code next}, a console path. */
        @PostMapping("/console/language")
        String change(@RequestParam(defaultValue = "en") String lang, @RequestParam(defaultValue = "/") String next,
                      HttpServletRequest request, HttpServletResponse response) {
            resolver.setLocale(request, response, "fr".equals(lang) ? Locale.FRENCH : Locale.ENGLISH);
            // Only a path of this site: never "//host" or a scheme, so the switch cannot send anyone elsewhere.
            boolean local = next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                    && !next.contains("\r") && !next.contains("\n");
            return "redirect:" + (local ? next : "/");
        }
    }
}
