package dev.passerelle.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;

/**
 * The settings pages and the inbound hooks tab in a real browser ({@link ConsoleBrowser}, as
 * {@link ConsoleBrowserTest}). Someone switches the sign-in page to French and back, signs in,
 * saves the company profile, sees the next number of a new numbering, sends a test email,
 * previews a template, saves the e-invoicing and tracking settings, then creates a signed inbound
 * hook and copies its secret. Screenshots go to target/console-screenshots (copies in docs/console/).
 */
@PasserelleTest
class SettingsPagesBrowserTest {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();
    private final WebDriver browser = console.driver();

    @Autowired
    Api api;

    @Test
    void anOwnerWalksTheSettingsAndCreatesAHookAfterSwitchingTheSignInPagesLanguage() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Réglages " + UUID.randomUUID().toString().substring(0, 6));
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");

        // Before signing in: the sign-in page in French, and back to English.
        browser.manage().deleteAllCookies();
        browser.get(api.url("/sign-in"));
        assertThat(console.waitFor(By.tagName("h1")).getText()).isEqualTo("Sign in");
        browser.findElement(By.cssSelector("#language button[value=fr]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.tagName("h1"), "Connexion"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        assertThat(console.label("Mot de passe")).isNotNull();
        console.shot("sign-in-fr");
        browser.findElement(By.cssSelector("#language button[value=en]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.tagName("h1"), "Sign in"));
        console.label("E-mail").sendKeys(owner.email());
        console.label("Password").sendKeys(owner.password());
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        console.waitFor(By.linkText("Settings")).click();

        // Company profile.
        WebElement name = console.waitFor(By.id("name"));
        name.clear();
        name.sendKeys("Atelier Lumière");
        console.label("E-mail").clear();
        console.label("E-mail").sendKeys("bonjour@lumiere.example");
        browser.findElement(By.cssSelector("main form.stack button[type=submit]")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Saved.");
        assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Atelier Lumière");
        console.shot("settings-company");
        assertThat(api.get("/api/v1/settings/company", tenant.apiKey()).body().get("name").asString())
                .isEqualTo("Atelier Lumière");

        // Numbering: the next number as it will be made.
        browser.findElement(By.linkText("Numbering")).click();
        WebElement template = console.waitFor(By.id("template-INVOICE"));
        template.clear();
        template.sendKeys("FA-{yy}-{seq:4}");
        WebElement next = browser.findElement(By.id("next-INVOICE"));
        next.clear();
        next.sendKeys("116");
        browser.findElement(By.cssSelector("#INVOICE button[type=submit]")).click();
        console.waitFor(By.id("done"));
        int year = LocalDate.now(ZoneOffset.UTC).getYear() % 100;
        assertThat(browser.findElement(By.cssSelector("#INVOICE strong.preview")).getText()).isEqualTo("FA-" + year + "-0116");
        console.shot("settings-numbering");

        // Mail sender: a test email, through the outbox to the hub's SMTP server (GreenMail).
        browser.findElement(By.linkText("Mail sender")).click();
        console.waitFor(By.id("to")).sendKeys("ivy@lumiere.example");
        browser.findElement(By.xpath("//form[@action='/console/settings/mail/test']//button")).click();
        WebElement status = console.waitFor(By.id("test-status"));
        assertThat(status.getText()).contains("Sent");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", status);
        console.shot("settings-mail");

        // Templates: the real renderer on sample values.
        browser.findElement(By.linkText("Email templates")).click();
        console.waitFor(By.cssSelector("button[value=preview]")).click();
        WebElement preview = console.waitFor(By.id("preview"));
        assertThat(preview.getText()).contains("INV-2026-00042");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", preview);
        console.shot("settings-templates");

        // E-invoicing: Factur-X on.
        browser.findElement(By.linkText("E-invoicing")).click();
        WebElement facturX = console.waitFor(By.id("facturX"));
        assertThat(facturX.isSelected()).isFalse();
        facturX.click();
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Saved.");
        assertThat(browser.findElement(By.id("facturX")).isSelected()).isTrue();
        console.shot("settings-e-invoicing");
        assertThat(api.get("/api/v1/settings/e-invoicing", tenant.apiKey()).body().get("facturX").asBoolean()).isTrue();

        // Email tracking: opens tracked.
        browser.findElement(By.linkText("Email tracking")).click();
        console.waitFor(By.id("trackOpens")).click();
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Saved.");
        assertThat(browser.findElement(By.id("trackOpens")).isSelected()).isTrue();
        console.shot("settings-tracking");
        assertThat(api.get("/api/v1/settings/mail/tracking", tenant.apiKey()).body().get("trackOpens").asBoolean()).isTrue();
        assertThat(console.fitsAPhone()).isTrue();

        // An inbound hook, signed: its secret shown once and copied with the button.
        browser.findElement(By.linkText("Connections")).click();
        console.waitFor(By.linkText("Inbound hooks")).click();
        console.label("Name").sendKeys("Orders from the CRM");
        browser.findElement(By.id("hook-signed")).click();
        browser.findElement(By.xpath("//form[@action='/console/connections/hooks']//button")).click();
        WebElement secret = console.waitFor(By.id("secret"));
        assertThat(secret.getText()).matches("[A-Za-z0-9]{40}");
        assertThat(browser.findElement(By.id("hook-url")).getText()).contains("/hooks/");
        grantClipboard();
        browser.findElement(By.cssSelector("button[data-copy=secret]")).click();
        assertThat(copied()).isEqualTo(secret.getText());
        console.shot("connections-hook-secret");
        String shown = secret.getText();
        browser.findElement(By.linkText("Back to inbound hooks")).click();
        console.waitFor(By.cssSelector("section.hook"));
        assertThat(browser.getPageSource()).contains("Orders from the CRM").doesNotContain(shown);
        console.shot("connections-hooks");
        assertThat(console.fitsAPhone()).isTrue();
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).body()).hasSize(1);
        // The other tabs and settings pages fit a phone too.
        for (String path : List.of("/console/connections/zapier", "/console/connections/accounts",
                "/console/settings/e-invoicing", "/console/settings/mail")) {
            browser.get(api.url(path));
            console.waitFor(By.tagName("h1"));
            assertThat(console.fitsAPhone()).as(path).isTrue();
        }
        browser.manage().deleteAllCookies();
    }

    /** Lets the page write to the clipboard (headless Chromium asks no one); if it cannot, the copy script selects the text. */
    private void grantClipboard() {
        try {
            ((ChromeDriver) browser).executeCdpCommand("Browser.grantPermissions", Map.of("permissions",
                    List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        } catch (RuntimeException unsupported) {
            // The fallback (the text selected) is checked instead.
        }
    }

    /** What the copy button put on the clipboard, or — where the browser allows no clipboard — what it selected. */
    private String copied() {
        return (String) new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
            Object text = ((JavascriptExecutor) d).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const selected = String(window.getSelection());
                    if (document.getElementById('copied').textContent && navigator.clipboard) {
                      navigator.clipboard.readText().then(done, () => done(selected));
                    } else {
                      done(selected);
                    }""");
            return text instanceof String s && !s.isBlank() ? s.trim() : null;
        });
    }

}
