package dev.passerelle.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.TestInboxHandlers;
import dev.passerelle.inbox.InboundEvent;
import dev.passerelle.inbox.Inbox;
import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.mail.MailTestServers;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.woocommerce.Shop;

/**
 * The console in a real browser ({@link ConsoleBrowser}: Debian's headless Chromium). An invited owner chooses a password, signs in, connects a shop and reads its secret; a
 * shop's order becomes an invoice that is opened with its PDF and sent from the send dialog; a user
 * allows Zapier; an owner replays a dead event and sees it processed; an operator suspends a tenant. Screenshots
 * of the pages go to target/console-screenshots (copies are kept in docs/console/).
 */
@PasserelleTest
class ConsoleBrowserTest {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();
    private final WebDriver browser = console.driver();

    @Autowired
    Api api;
    @Autowired
    Inbox inbox;

    @Test
    void anInvitedOwnerSignsInConnectsAShopAndSeesItsSecret() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Navigateur");
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        String link = dev.passerelle.users.ConsoleAccounts.invite(api, tenant, email, "OWNER");

        browser.get(link);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("choose your password");
        console.label("New password").sendKeys(ConsoleAccounts.PASSWORD);
        console.label("Repeat the password").sendKeys(ConsoleAccounts.PASSWORD);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        console.waitFor(By.cssSelector("p.notice"));
        assertThat(browser.getCurrentUrl()).contains("/sign-in");
        console.label("E-mail").sendKeys(email);
        console.label("Password").sendKeys(ConsoleAccounts.PASSWORD);
        console.shot("sign-in");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        console.waitFor(By.linkText("Connections"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Atelier Navigateur");
        console.shot("overview");
        browser.findElement(By.linkText("Connections")).click();
        browser.findElement(By.linkText("Connect a WooCommerce shop")).click();
        console.label("Name").sendKeys("Boutique du navigateur");
        console.label("Shop URL").sendKeys("https://shop.example");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        WebElement secret = console.waitFor(By.id("secret"));
        assertThat(secret.getText()).matches("[A-Za-z0-9]{40}");
        assertThat(browser.findElement(By.id("delivery-url")).getText()).contains("/woocommerce/");
        assertThat(browser.findElement(By.cssSelector("button[data-copy=secret]")).getText()).isEqualTo("Copy");
        console.shot("connect-shop-secret");
        String shown = secret.getText();
        // The same secret is the one the connection verifies deliveries with (read back through the API is
        // impossible by design), so the page's copy is all there is: it must be the whole 40 characters.
        assertThat(shown).hasSize(40);

        browser.findElement(By.linkText("Back to connections")).click();
        assertThat(browser.getPageSource()).contains("Boutique du navigateur").doesNotContain(shown);
        // On a phone's width the same page still fits without sideways scrolling.
        console.phoneWidth();
        boolean fits = console.fitsTheWidth();
        console.shot("connections-phone");
        assertThat(fits).isTrue();
        console.desktopWidth();
    }

    @Test
    void anOwnerReplaysADeadEventAndWatchesItProcessed() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Rejeu");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        UUID id = inbox.accept(new InboundEvent(tenant.tenantId(), TestInboxHandlers.SOURCE, UUID.randomUUID(),
                "browser-" + UUID.randomUUID(), "application/json", Map.of(),
                "{\"failAlways\": true, \"workMillis\": 3000, \"order\": 727}".getBytes(StandardCharsets.UTF_8))).eventId();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> inbox.find(tenant.tenantId(), id).orElseThrow().status() == InboxEvent.Status.DEAD);
        // What was wrong downstream is fixed; the event is still dead until someone replays it.
        TestInboxHandlers.HEALED.add(id);

        console.signIn(api, owner);
        browser.findElement(By.linkText("Events")).click();
        new Select(console.label("Status")).selectByVisibleText("Dead");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        WebElement row = console.waitFor(By.cssSelector("#events tbody tr"));
        assertThat(row.getText()).contains("test", "Dead", "downstream refused event " + id);
        console.shot("events");
        row.findElement(By.tagName("a")).click();

        assertThat(console.waitFor(By.id("event-status")).getText()).isEqualTo("Dead");
        assertThat(browser.findElement(By.id("payload")).getText()).contains("\"order\" : 727");
        assertThat(browser.findElements(By.cssSelector("#attempts tbody tr"))).hasSize(3);
        browser.findElement(By.id("replay")).click();

        // Healed, the event takes 3 s to work: the page shows it waiting or being processed, then polls
        // (htmx) until it is processed — without the page being loaded again (the marker set here stays).
        assertThat(console.waitFor(By.cssSelector("p.notice")).getText()).isEqualTo("The event is queued again.");
        assertThat(browser.findElement(By.id("event-status")).getText()).isIn("Waiting", "Being processed");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.sameLoad = true;");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("event-status"),
                "Processed"));
        assertThat(js.executeScript("return window.sameLoad === true;")).isEqualTo(true);
        assertThat(browser.getCurrentUrl()).contains("/console/events/" + id);
        assertThat(browser.findElements(By.cssSelector("#attempts tbody tr"))).hasSize(4);
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);
        console.shot("event-replayed");
        // On a phone's width the event and the list still fit: tables and the payload scroll inside themselves.
        console.phoneWidth();
        assertThat(console.fitsTheWidth()).isTrue();
        console.shot("event-phone");
        browser.findElement(By.linkText("Back to events")).click();
        console.waitFor(By.id("events"));
        assertThat(console.fitsTheWidth()).isTrue();
        console.desktopWidth();
        browser.manage().deleteAllCookies();
    }

    @Test
    void anOperatorSuspendsATenantAndItsApiKeyIsRefused() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Suspendu " + UUID.randomUUID().toString().substring(0, 8));
        String name = api.get("/api/v1/tenants/" + tenant.tenantId(), Api.OPERATOR).body().get("name").asString();
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).status()).isEqualTo(200);

        console.signIn(api, ConsoleAccounts.operator(api));
        assertThat(console.waitFor(By.id("health-status")).getText()).isEqualTo("UP");
        console.shot("ops-health");
        browser.findElement(By.linkText("Tenants")).click();
        console.waitFor(By.id("tenants"));
        // The list is ordered by id (time-ordered): the newest tenants may be on a later page.
        while (browser.findElements(By.cssSelector("[aria-label='Suspend " + name + "']")).isEmpty()) {
            browser.findElement(By.linkText("More tenants")).click();
        }
        browser.findElement(By.cssSelector("[aria-label='Suspend " + name + "']")).click();

        assertThat(console.waitFor(By.cssSelector("p.notice")).getText()).isEqualTo(name + " is suspended.");
        console.shot("ops-tenants");
        Api.Response refused = api.get("/api/v1/clients", tenant.apiKey());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("suspended");
        browser.manage().deleteAllCookies();
    }

    /**
     * Zapier's OAuth2 connection as the user sees it: the authorization request sends them to sign in,
     * back, to the consent page, and Allow takes them to the app with a code — the browser enforcing
     * the page's Content-Security-Policy (form-action) on that redirect.
     */
    @Test
    void aSignedOutUserSignsInAndAllowsZapier() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Consentement");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        browser.get(api.url("/sign-in"));
        browser.manage().deleteAllCookies();
        String redirect = "http://127.0.0.1/zapier/return";
        browser.get(api.url("/oauth2/authorize?response_type=code&client_id=zapier-test&redirect_uri="
                + java.net.URLEncoder.encode(redirect, java.nio.charset.StandardCharsets.UTF_8)
                + "&scope=clients:write%20products:write%20documents:write%20events:read&state=browser-state"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));

        assertThat(console.waitFor(By.cssSelector("p.notice")).getText()).contains("Sign in to let an app connect");
        console.label("E-mail").sendKeys(owner.email());
        console.label("Password").sendKeys(owner.password());
        browser.findElement(By.cssSelector("main button[type=submit]")).click();

        WebElement allow = console.waitFor(By.id("allow"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Allow Zapier to use your Passerelle account?");
        assertThat(browser.findElement(By.cssSelector("ul.permissions")).getText())
                .contains("Clients", "Products", "Documents", "Events");
        console.shot("oauth-consent");
        allow.click();

        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("code="));
        assertThat(browser.getCurrentUrl()).startsWith(redirect + "?code=").contains("state=browser-state");
    }

    @Test
    void aDeliveredOrdersInvoiceIsOpenedWithItsPdfAndSentFromTheDialogUntilItsEmailIsSent() throws IOException {
        Api.TenantKey tenant = api.createTenant("Bougies du Navigateur");
        api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", "Bougies du Navigateur",
                "email", "contact@bougies.example"));
        Api.Response connection = api.post("/api/v1/connections/woocommerce", tenant.apiKey(),
                Map.of("name", "Boutique", "shopUrl", "https://shop.example"));
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        // The shop delivers a paid order, signed as WooCommerce signs it, to the running application.
        Api.Response delivered = Shop.deliver(api, connection.body().get("deliveryUrl").asString(),
                connection.body().get("secret").asString(), "order.created", Shop.order("order-727-processing.json"));
        assertThat(delivered.status()).as(delivered.text()).isEqualTo(200);
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");

        console.signIn(api, owner);
        console.waitFor(By.linkText("Documents")).click();
        // The order's invoice appears once the inbox worker has made it.
        WebElement link = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            d.navigate().refresh();
            List<WebElement> rows = d.findElements(By.cssSelector("#documents tbody a"));
            return rows.isEmpty() ? null : rows.get(0);
        });
        String number = link.getText();
        assertThat(browser.getPageSource()).contains("John Doe", "Paid");
        console.shot("documents");
        link.click();

        assertThat(console.waitFor(By.id("document-number")).getText()).isEqualTo(number);
        WebElement frame = browser.findElement(By.id("pdf"));
        assertThat(frame.getAttribute("title")).isEqualTo("PDF of " + number);
        // The embedded PDF comes through the console's session: fetched as the page would, it is a PDF.
        Object pdf = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById('pdf').src).then(r => r.arrayBuffer().then(b =>
                    done(r.status + ' ' + r.headers.get('content-type') + ' '
                         + String.fromCharCode(...new Uint8Array(b.slice(0, 5))))))
                    .catch(e => done('failed: ' + e));""");
        assertThat(pdf).isEqualTo("200 application/pdf %PDF-");
        console.shot("document");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", frame);
        console.shot("document-pdf");

        browser.findElement(By.linkText("Send by email")).click();
        WebElement clientAddress = console.waitFor(By.cssSelector("input[name=to][value='john.doe@example.com']"));
        assertThat(clientAddress.isSelected()).isTrue();
        console.label("Other address 1").sendKeys("accounts@example.com");
        WebElement subject = console.label("Subject");
        subject.clear();
        subject.sendKeys("Your invoice " + number);
        browser.findElement(By.id("preview-button")).click();
        assertThat(console.waitFor(By.id("preview-subject")).getText()).isEqualTo("Your invoice " + number);
        assertThat(browser.findElement(By.id("preview-to")).getText())
                .isEqualTo("john.doe@example.com, accounts@example.com");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.id("preview")));
        console.shot("send-dialog-preview");
        browser.findElement(By.id("send-button")).click();

        console.waitFor(By.id("done"));
        assertThat(browser.getCurrentUrl()).contains("/console/documents/");
        // The email row's status, as the page shows it, reaches Sent when the SMTP server (GreenMail) takes it.
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#document-emails .email-status")).stream()
                    .anyMatch(e -> e.getText().equals("Sent"));
        });
        assertThat(browser.findElement(By.id("document-emails")).getText())
                .contains("Your invoice " + number, "john.doe@example.com, accounts@example.com");
        assertThat(browser.findElement(By.id("history")).getText()).contains("Email queued", "Sent (the mail server took it)");
        console.shot("document-sent");
        // On a phone's width the document's page and the list fit without sideways scrolling (wide tables scroll
        // inside their own box).
        console.phoneWidth();
        try {
            for (String page : List.of(browser.getCurrentUrl(), api.url("/console/documents"))) {
                browser.get(page);
                assertThat(console.fitsTheWidth()).as(page).isTrue();
            }
            console.shot("documents-phone");
        } finally {
            console.desktopWidth();
        }

        // Bulk send from the list: the progress part of the page is polled by htmx (no reload) until done.
        browser.get(api.url("/console/documents"));
        browser.findElement(By.cssSelector("#documents input[name=ids]")).click();
        browser.findElement(By.cssSelector("#bulk-form button[type=submit]")).click();
        console.waitFor(By.id("bulk-meter"));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.stillTheSamePage = true;");
        boolean polled = !browser.findElements(By.cssSelector("#bulk-progress[hx-trigger]")).isEmpty();
        WebElement done = console.waitFor(By.id("bulk-done"));
        assertThat(done.getText()).isEqualTo("Done.");
        if (polled) {
            assertThat(js.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        }
        assertThat(browser.findElement(By.id("bulk-results")).getText()).contains(number, "John Doe", "Sent");
        console.shot("bulk-send");
        assertThat(java.util.Arrays.stream(MailTestServers.hub().getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getSubject().equals("Your invoice " + number);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).isTrue();
    }

}
