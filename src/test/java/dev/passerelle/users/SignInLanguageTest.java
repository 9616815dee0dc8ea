package dev.passerelle.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * The sign-in page's language switch: the header's switch (the same {@code POST /console/language}),
 * working before anyone signs in, with its CSRF token, back to the sign-in page (and its {@code next}).
 */
@PasserelleTest
class SignInLanguageTest {

    @Autowired
    Api api;

    @Test
    void someoneNotSignedInSwitchesTheSignInPageToFrenchAndBack() {
        ConsoleClient browser = new ConsoleClient(api);
        ConsoleClient.Page page = browser.get("/sign-in");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"language\"", "Français", "Sign in");

        ConsoleClient.Page switched = browser.submit(page, "/console/language",
                List.of(Map.entry("lang", "fr"), Map.entry("next", "/sign-in")));
        assertThat(switched.status()).isEqualTo(302);
        assertThat(switched.location()).endsWith("/sign-in");
        assertThat(switched.cookies()).anyMatch(c -> c.startsWith("passerelle_lang=fr"));
        ConsoleClient.Page french = browser.get("/sign-in");
        assertThat(french.body()).contains("lang=\"fr\"", "Connexion", "Mot de passe oublié").doesNotContain("Forgot your password?");

        // Signing in keeps the choice: the console opens in French.
        Api.TenantKey tenant = api.createTenant("Langue Avant Connexion");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        assertThat(browser.submit(french, "/sign-in", List.of(Map.entry("email", account.email()),
                Map.entry("password", account.password()))).status()).isEqualTo(302);
        assertThat(browser.get("/console/settings/tracking").body()).contains("Suivi des e-mails");

        // Without the token: refused, nothing set. Elsewhere than this site: back to the overview.
        ConsoleClient stranger = new ConsoleClient(api);
        assertThat(stranger.post("/console/language", Map.of("lang", "fr", "next", "/sign-in")).status()).isEqualTo(403);
        ConsoleClient.Page elsewhere = stranger.submit(stranger.get("/sign-in"), "/console/language",
                List.of(Map.entry("lang", "en"), Map.entry("next", "https://evil.example/")));
        assertThat(elsewhere.location()).doesNotContain("evil");
    }

    @Test
    void theSwitchComesBackWithTheAppsSignInRequest() {
        ConsoleClient browser = new ConsoleClient(api);
        ConsoleClient.Page page = browser.get("/sign-in?next=/oauth2/authorize?client_id%3Dzapier-test");
        String here = ConsoleClient.hidden(page, "next");
        assertThat(here).startsWith("/sign-in?next=");
        ConsoleClient.Page switched = browser.submit(page, "/console/language", List.of(Map.entry("lang", "fr"),
                Map.entry("next", here)));
        assertThat(switched.location()).contains("/sign-in?next=");
    }
}
