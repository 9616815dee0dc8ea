package dev.passerelle.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.passerelle.Api;
import dev.passerelle.users.ConsoleAccounts;

/**
 * Debian's headless Chromium through its chromedriver (installed by .ci/run), one per browser test
 * class: registered with {@code @RegisterExtension} on a static field, it starts before the class's
 * tests and quits after them, so a class's tests share one browser and classes never share one.
 * Screenshots go to target/console-screenshots (copies are kept in docs/console/).
 */
final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback {

    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    private WebDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        // English, whatever the machine's locale, so the tests can find labels and buttons by their text.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver"))).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    /** Only once the class's tests have started: a test instance's field initializer is late enough. */
    WebDriver driver() {
        return driver;
    }

    /** The form control a visible label is for, as someone reading the page would pick it. */
    WebElement label(String text) {
        WebElement label = driver.findElement(By.xpath("//label[normalize-space()='" + text + "']"));
        return driver.findElement(By.id(label.getAttribute("for")));
    }

    /** Fails with the page's source, which says far more than the timeout alone. */
    WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
                try {
                    return ExpectedConditions.visibilityOfElementLocated(by).apply(d);
                } catch (WebDriverException e) {
                    // The page was replaced between finding the element and asking whether it shows (a
                    // form's answer arriving): Chrome says so in its own words, not always as a stale
                    // element. Look again on the new page.
                    if (e instanceof StaleElementReferenceException
                            || String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                        return null;
                    }
                    throw e;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no " + by + " on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource(), e);
        }
    }

    void shot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Signs in afresh, so no earlier test's session decides who the pages are for. */
    void signIn(Api api, ConsoleAccounts.Account account) {
        driver.manage().deleteAllCookies();
        driver.get(api.url("/sign-in"));
        label("E-mail").sendKeys(account.email());
        label("Password").sendKeys(account.password());
        driver.findElement(By.cssSelector("main button[type=submit]")).click();
        waitFor(By.cssSelector("header nav"));
    }

    void phoneWidth() {
        driver.manage().window().setSize(PHONE);
    }

    void desktopWidth() {
        driver.manage().window().setSize(DESKTOP);
    }

    /** The current page needs no sideways scrolling at the window's current width. */
    boolean fitsTheWidth() {
        return Boolean.FALSE.equals(((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth;"));
    }

    /** The current page, at a phone's width, needs no sideways scrolling; the window goes back to the desktop width. */
    boolean fitsAPhone() {
        phoneWidth();
        try {
            return fitsTheWidth();
        } finally {
            desktopWidth();
        }
    }

    private static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new AssertionError(name + " is not installed: apt-get install chromium chromium-driver (.ci/run does)");
    }
}
