package dev.passerelle.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
import dev.passerelle.users.ConsoleAccounts;
import tools.jackson.databind.JsonNode;

/**
 * Automations, a pipeline's board and tasks in headless Chromium ({@link ConsoleBrowser}), as
 * ConsoleBrowserTest drives the rest of the console: an owner makes an automation through the
 * form (a mistake shown at its field first), drags a card to another stage (the move persists
 * across a reload) and moves another with the keyboard's "Move to" form, and marks a task done. Screenshots go to target/console-screenshots (copies are kept in
 * docs/console/).
 */
@PasserelleTest
class AutomationPagesBrowserTest {

    @RegisterExtension
    static final ConsoleBrowser console = new ConsoleBrowser();
    private final WebDriver browser = console.driver();

    @Autowired
    Api api;

    @Test
    void anOwnerMakesAnAutomationDragsACardToAnotherStageAndFinishesATask() throws IOException {
        Api.TenantKey tenant = api.createTenant("Atelier Automatique");
        String alice = client(tenant, "Alice Moreau");
        String bruno = client(tenant, "Bruno Petit");
        String chloe = client(tenant, "Chloé Garnier");
        JsonNode pipeline = api.post("/api/v1/pipelines", tenant.apiKey(), Map.of("name", "Sales",
                "stages", List.of("Lead", "Quoted", "Won"))).body();
        String pid = pipeline.get("id").asString();
        String dragged = card(tenant, pid, alice, "Lead", "Vases for the shop");
        String keyed = card(tenant, pid, bruno, "Lead", null);
        card(tenant, pid, chloe, "Quoted", "Candles, 40 units");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String lateTask = task(tenant, Map.of("title", "Call Alice about the quote", "dueAt",
                now.minus(1, ChronoUnit.DAYS).toString(), "clientId", alice));
        task(tenant, Map.of("title", "Send Bruno the catalogue", "dueAt", now.plus(2, ChronoUnit.DAYS).toString(),
                "clientId", bruno, "assignee", "sales@atelier.example"));
        task(tenant, Map.of("title", "Order more wax", "notes", "Before the spring fair"));
        console.signIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        // An automation through the form: the chosen action's fields only; a mistake shown at its field.
        browser.findElement(By.linkText("Automations")).click();
        browser.findElement(By.id("new-automation")).click();
        console.label("Name").sendKeys("Thank the customer");
        new Select(browser.findElement(By.id("trigger"))).selectByValue("document.paid");
        new Select(browser.findElement(By.id("block"))).selectByValue("send-email");
        assertThat(browser.findElement(By.id("fields-send-email")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("fields-create-task")).isDisplayed()).isFalse();
        browser.findElement(By.id("p-send-email-subject")).sendKeys("Thanks, {{client.nickname}}");
        browser.findElement(By.id("p-send-email-body")).sendKeys("We received {{document.total}} {{document.currency}}.");
        browser.findElement(By.id("create-automation")).click();
        WebElement error = console.waitFor(By.id("p-send-email-subject-error"));
        assertThat(error.getText()).contains("unknown variable {{client.nickname}}");
        assertThat(browser.findElement(By.id("p-send-email-subject")).getAttribute("aria-describedby"))
                .isEqualTo("p-send-email-subject-error");
        WebElement subject = browser.findElement(By.id("p-send-email-subject"));
        subject.clear();
        subject.sendKeys("Thanks, {{client.name}}");
        browser.findElement(By.id("after")).sendKeys("2");
        new Select(browser.findElement(By.id("unit"))).selectByValue("hours");
        browser.findElement(By.id("oncePerContact")).click();
        browser.findElement(By.id("create-automation")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Created.");
        assertThat(browser.findElement(By.id("delay")).getText()).isEqualTo("2 hours after the event");
        JsonNode automations = api.get("/api/v1/automations", tenant.apiKey()).body();
        assertThat(automations).hasSize(1);
        assertThat(automations.get(0).get("actions").get(0).get("properties").get("subject").asString())
                .isEqualTo("Thanks, {{client.name}}");
        assertThat(automations.get(0).get("oncePerContact").asBoolean()).isTrue();
        // A second one, made through the API, that has run once: the list shows its latest run.
        Api.Response welcome = api.post("/api/v1/automations", tenant.apiKey(), Map.of("name", "Welcome call",
                "trigger", "client.created", "oncePerContact", true, "actions", List.of(Map.of("block", "create-task",
                        "properties", Map.of("title", "Call {{client.name}}", "dueInDays", "1")))));
        assertThat(welcome.status()).as(welcome.text()).isEqualTo(201);
        client(tenant, "Damien Roux");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> api.get("/api/v1/automations/"
                + welcome.body().get("id").asString() + "/runs?status=DONE", tenant.apiKey()).body().get("items").size() == 1);
        browser.findElement(By.linkText("Automations")).click();
        assertThat(console.waitFor(By.id("automations")).getText()).contains("Thank the customer", "An invoice is paid",
                "Email the customer", "2 hours after the event", "Welcome call", "Done");
        console.shot("automations");

        // The board: a card dragged from Lead to Won (the HTML5 drag events a mouse makes; WebDriver's own
        // drag does not fire them in Chromium), announced, and still there once the page is loaded again.
        browser.findElement(By.linkText("Pipelines")).click();
        browser.findElement(By.linkText("Sales")).click();
        WebElement card = console.waitFor(By.id("card-" + dragged));
        String won = stageId(pipeline, "Won");
        WebElement wonColumn = browser.findElement(By.id("column-" + won));
        ((JavascriptExecutor) browser).executeScript("""
                const card = arguments[0], column = arguments[1], data = new DataTransfer();
                const fire = (element, type) => element.dispatchEvent(new DragEvent(type,
                        {bubbles: true, cancelable: true, dataTransfer: data}));
                fire(card, 'dragstart');
                fire(column, 'dragenter');
                fire(column, 'dragover');
                fire(column, 'drop');
                fire(card, 'dragend');""", card, wonColumn);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.id("board-status"),
                "Moved to Won"));
        assertThat(wonColumn.findElements(By.id("card-" + dragged))).hasSize(1);
        assertThat(new Select(browser.findElement(By.id("move-" + dragged))).getFirstSelectedOption().getText())
                .isEqualTo("Won");
        browser.navigate().refresh();
        assertThat(console.waitFor(By.id("column-" + won)).findElements(By.id("card-" + dragged))).hasSize(1);
        assertThat(browser.findElement(By.id("column-" + won)).findElement(By.cssSelector("[data-count]")).getText())
                .isEqualTo("1");
        JsonNode moved = api.get("/api/v1/pipelines/" + pid + "/cards/" + dragged, tenant.apiKey()).body();
        assertThat(moved.get("stage").asString()).isEqualTo("Won");
        assertThat(moved.get("history").get(1).get("actor").asString()).startsWith("console:owner-");

        // Without a mouse: the card's own "Move to" form, by keyboard.
        WebElement moveTo = browser.findElement(By.id("move-" + keyed));
        new Select(moveTo).selectByVisibleText("Quoted");
        browser.findElement(By.cssSelector("#card-" + keyed + " form.move button")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Card moved.");
        String quoted = stageId(pipeline, "Quoted");
        assertThat(browser.findElement(By.id("column-" + quoted)).findElements(By.id("card-" + keyed))).hasSize(1);
        assertThat(api.get("/api/v1/pipelines/" + pid + "/cards/" + keyed, tenant.apiKey()).body().get("stage")
                .asString()).isEqualTo("Quoted");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        console.shot("pipeline-board");

        // Tasks: the late one marked, then done.
        browser.findElement(By.linkText("Tasks")).click();
        WebElement late = console.waitFor(By.id("task-" + lateTask));
        assertThat(late.getAttribute("class")).contains("overdue");
        assertThat(late.getText()).contains("Call Alice about the quote", "Overdue", "Alice Moreau");
        assertThat(browser.findElement(By.id("tasks")).getText()).contains("Send Bruno the catalogue",
                "sales@atelier.example", "Order more wax");
        console.shot("tasks");
        late.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(console.waitFor(By.id("done")).getText()).isEqualTo("Marked done.");
        assertThat(browser.findElements(By.id("task-" + lateTask))).isEmpty();
        assertThat(api.get("/api/v1/tasks/" + lateTask, tenant.apiKey()).body().get("done").asBoolean()).isTrue();

        // On a phone's width the three pages fit without sideways scrolling (the board's columns stack).
        console.phoneWidth();
        try {
            for (String page : List.of("/console/automations", "/console/automations/new", "/console/pipelines/" + pid,
                    "/console/tasks")) {
                browser.get(api.url(page));
                console.waitFor(By.id("main"));
                assertThat(console.fitsTheWidth()).as(page).isTrue();
            }
        } finally {
            console.desktopWidth();
            browser.manage().deleteAllCookies();
        }
    }

    private String client(Api.TenantKey tenant, String name) {
        Api.Response r = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", name,
                "emails", List.of(name.toLowerCase().replaceAll("[^a-z]", "") + "@client.example")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private String card(Api.TenantKey tenant, String pipeline, String client, String stage, String title) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("clientId", client, "stage", stage));
        if (title != null) {
            body.put("title", title);
        }
        Api.Response r = api.post("/api/v1/pipelines/" + pipeline + "/cards", tenant.apiKey(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private String task(Api.TenantKey tenant, Map<String, ?> body) {
        Api.Response r = api.post("/api/v1/tasks", tenant.apiKey(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private static String stageId(JsonNode pipeline, String name) {
        for (JsonNode s : pipeline.get("stages")) {
            if (s.get("name").asString().equals(name)) {
                return s.get("id").asString();
            }
        }
        throw new AssertionError("no stage " + name);
    }

}
