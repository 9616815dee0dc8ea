package dev.passerelle.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * Console accounts end to end over HTTP: invitation, sign-in with a session cookie and CSRF, sign-out
 * (here and everywhere), throttling, password reset, and the API left as it was.
 */
@PasserelleTest
class SignInTest {

    @Autowired
    Api api;
    @Autowired
    SignIn signIn;

    @AfterEach
    void realTime() {
        UsersTestConfiguration.TIME.reset();
    }

    @Test
    void anInvitedOwnerChoosesAPasswordOnceThenSignsInAndOut() {
        Api.TenantKey tenant = api.createTenant("Atelier Invité");
        String email = "Owner-" + UUID.randomUUID() + "@Example.com";
        String link = ConsoleAccounts.invite(api, tenant, email, "OWNER");
        String lower = email.toLowerCase();

        // The invitation went out through the tenant's mail outbox, with the same link.
        JsonNode mail = emailTo(tenant, lower);
        assertThat(mail.get("subject").asString()).contains("Atelier Invité");
        assertThat(mail.get("text").asString()).contains(link);

        ConsoleClient browser = new ConsoleClient(api);
        ConsoleClient.Page form = browser.get(link);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains(lower, "<label for=\"password\"");
        assertThat(form.headers().get("referrer-policy")).containsExactly("no-referrer");

        ConsoleClient.Page tooShort = browser.submit(link, link, Map.of("password", "short", "confirmation", "short"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).contains("too short");
        ConsoleClient.Page mismatch = browser.submit(link, link,
                Map.of("password", ConsoleAccounts.PASSWORD, "confirmation", ConsoleAccounts.PASSWORD + "!"));
        assertThat(mismatch.status()).isEqualTo(422);

        ConsoleClient.Page set = browser.submit(link, link,
                Map.of("password", ConsoleAccounts.PASSWORD, "confirmation", ConsoleAccounts.PASSWORD));
        assertThat(set.status()).isEqualTo(302);
        assertThat(set.location()).endsWith("/sign-in?done=invitation-accepted");
        assertThat(browser.get(link).status()).as("the link works once").isEqualTo(410);

        ConsoleClient.Page wrong = browser.signIn(email, "not the password");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong e-mail or password.");

        ConsoleClient.Page signedIn = browser.signIn(email, ConsoleAccounts.PASSWORD);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith("/");
        assertThat(signedIn.cookies()).anySatisfy(c -> assertThat(c).startsWith("passerelle_session=")
                .contains("HttpOnly", "SameSite=Lax"));

        ConsoleClient.Page home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Atelier Invité", lower);
        assertThat(home.headers().get("content-security-policy").get(0)).contains("script-src 'self'");

        // Without the page's CSRF token a post is refused, signed in or not.
        assertThat(browser.post("/sign-out", Map.of()).status()).isEqualTo(403);
        assertThat(browser.get("/").status()).isEqualTo(200);

        ConsoleClient.Page out = browser.signOut();
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).endsWith("/sign-in?done=signed-out");
        ConsoleClient.Page after = browser.get("/");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/sign-in");
    }

    @Test
    void aConsoleSessionIsNoCredentialForTheApi() throws Exception {
        Api.TenantKey tenant = api.createTenant("Cookie only");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient.Page signedIn = new ConsoleClient(api).signIn(owner.email(), owner.password());
        String cookie = signedIn.cookies().stream().filter(c -> c.startsWith("passerelle_session=")).findFirst()
                .orElseThrow().split(";")[0];

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.url("/api/v1/clients"))).header("Cookie", cookie).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        // The API key still works as before, and the console's pages never take it.
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).status()).isEqualTo(200);
        assertThat(api.get("/console/team", tenant.apiKey()).status()).isEqualTo(302);
    }

    @Test
    void signingOutEverywhereEndsEverySessionOfTheUserOnly() {
        Api.TenantKey tenant = api.createTenant("Two laptops");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, tenant, "MEMBER");
        ConsoleClient laptop = ConsoleAccounts.signedIn(api, owner);
        ConsoleClient phone = ConsoleAccounts.signedIn(api, owner);
        ConsoleClient colleague = ConsoleAccounts.signedIn(api, member);

        ConsoleClient.Page out = laptop.submit("/", "/sign-out-everywhere", Map.of());

        assertThat(out.location()).endsWith("/sign-in?done=signed-out-everywhere");
        assertThat(laptop.get("/").status()).isEqualTo(302);
        assertThat(phone.get("/").status()).isEqualTo(302);
        assertThat(colleague.get("/").status()).isEqualTo(200);
    }

    @Test
    void anAccountIsThrottledAfterFiveFailuresEvenWithTheRightPassword() {
        Api.TenantKey tenant = api.createTenant("Guessed at");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleAccounts.Account other = ConsoleAccounts.active(api, tenant, "MEMBER");
        ConsoleClient attacker = new ConsoleClient(api);
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.signIn(owner.email(), "guess " + i).status()).isEqualTo(401);
        }

        ConsoleClient.Page refused = attacker.signIn(owner.email(), owner.password());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("retry-after")).isNotEmpty();
        assertThat(refused.body()).contains("Too many failed sign-ins for this account. Try again in 15 minute(s)");
        ConsoleClient.Page french = new ConsoleClient(api, "fr").signIn(owner.email(), owner.password());
        assertThat(french.status()).isEqualTo(429);
        assertThat(french.body()).contains("Trop d&#39;échecs de connexion pour ce compte", "lang=\"fr\"");
        // Another account from the same address is not held back.
        assertThat(new ConsoleClient(api).signIn(other.email(), other.password()).status()).isEqualTo(302);

        // Once the window has passed, the right password works again.
        UsersTestConfiguration.TIME.advance(Duration.ofMinutes(16));
        assertThat(new ConsoleClient(api).signIn(owner.email(), owner.password()).status()).isEqualTo(302);
    }

    @Test
    void anAddressIsThrottledAfterManyFailuresWhateverTheAccount() {
        Api.TenantKey tenant = api.createTenant("Sprayed");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        String address = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 30; i++) {
            assertThat(signIn.attempt("nobody-" + i + "-" + UUID.randomUUID() + "@example.com", "x", address).outcome())
                    .isEqualTo(SignIn.Outcome.WRONG);
        }

        assertThat(signIn.attempt(owner.email(), owner.password(), address).outcome())
                .isEqualTo(SignIn.Outcome.THROTTLED_ADDRESS);
        assertThat(signIn.attempt(owner.email(), owner.password(), "198.51.100.7").outcome())
                .isEqualTo(SignIn.Outcome.SIGNED_IN);
    }

    @Test
    void aPasswordResetLinkWorksOnceBeforeItExpiresAndEndsEverySession() {
        Api.TenantKey tenant = api.createTenant("Forgetful");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient stillSignedIn = ConsoleAccounts.signedIn(api, owner);
        ConsoleClient browser = new ConsoleClient(api);

        ConsoleClient.Page asked = browser.submit("/password-reset", "/password-reset", Map.of("email", owner.email()));
        ConsoleClient.Page unknown = browser.submit("/password-reset", "/password-reset",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com"));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("If this address has an account");
        assertThat(unknown.body()).as("the answer tells nobody which addresses have accounts")
                .contains("If this address has an account");

        String link = linkIn(emailTo(tenant, owner.email()).get("text").asString(), "/password-reset/");
        ConsoleClient.Page form = browser.get(link);
        assertThat(form.status()).isEqualTo(200);
        String newPassword = "a whole new passphrase";
        ConsoleClient.Page reset = browser.submit(link, link, Map.of("password", newPassword, "confirmation", newPassword));
        assertThat(reset.status()).isEqualTo(302);
        assertThat(reset.location()).endsWith("/sign-in?done=password-reset");
        assertThat(browser.get(link).status()).isEqualTo(410);

        assertThat(stillSignedIn.get("/").status()).as("the old session ended").isEqualTo(302);
        assertThat(browser.signIn(owner.email(), owner.password()).status()).isEqualTo(401);
        assertThat(browser.signIn(owner.email(), newPassword).status()).isEqualTo(302);
    }

    @Test
    void aResetLinkExpires() {
        Api.TenantKey tenant = api.createTenant("Slow reader");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        new ConsoleClient(api).submit("/password-reset", "/password-reset", Map.of("email", owner.email()));
        String link = linkIn(emailTo(tenant, owner.email()).get("text").asString(), "/password-reset/");

        UsersTestConfiguration.TIME.advance(Duration.ofMinutes(61));

        ConsoleClient browser = new ConsoleClient(api);
        assertThat(browser.get(link).status()).isEqualTo(410);
        assertThat(browser.get(link).body()).contains("This link no longer works");
    }

    @Test
    void postsWithoutTheCsrfTokenAreRefused() {
        ConsoleClient browser = new ConsoleClient(api);
        browser.get("/sign-in");
        assertThat(browser.post("/sign-in", Map.of("email", "a@example.com", "password", "x")).status()).isEqualTo(403);
        assertThat(browser.get("/console/team").location()).endsWith("/sign-in");
    }

    private JsonNode emailTo(Api.TenantKey tenant, String address) {
        for (JsonNode summary : api.get("/api/v1/emails", tenant.apiKey()).body().get("items")) {
            JsonNode detail = api.get("/api/v1/emails/" + summary.get("id").asString(), tenant.apiKey()).body();
            if (detail.get("to").toString().contains(address)) {
                return detail;
            }
        }
        throw new AssertionError("no email to " + address);
    }

    private static String linkIn(String text, String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https?://\\S+" + path + "\\S+").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + path + " link in " + text);
        }
        return m.group();
    }
}
