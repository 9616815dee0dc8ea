package dev.passerelle.users;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.passerelle.Api;

/**
 * One browser on the console, over real HTTP: it keeps its cookies, follows no redirects (tests
 * look at them) and posts forms with the CSRF token the page it came from carries.
 */
public class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    public record Page(int status, String body, Map<String, List<String>> headers) {

        public String location() {
            return headers.getOrDefault("location", List.of("")).get(0);
        }

        public List<String> cookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }
    }

    private final Api api;
    private final String language;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ConsoleClient(Api api) {
        this(api, "en");
    }

    public ConsoleClient(Api api, String language) {
        this.api = api;
        this.language = language;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(api.url(path))).GET());
    }

    /** Opens {@code page}, then posts its form (the first with a CSRF token) to {@code action}. */
    public Page submit(String page, String action, Map<String, String> fields) {
        return submit(get(page), action, fields.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /**
     * Posts {@code fields} (a name may repeat, as ticked checkboxes do) to {@code action} with the
     * CSRF token of {@code form}, a page already opened.
     */
    public Page submit(Page form, String action, List<Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> all = new java.util.ArrayList<>(fields);
        all.add(Map.entry("_csrf", hidden(form, "_csrf")));
        return post(action, all);
    }

    /** Opens {@code page}, then posts these fields (a name may come more than once) with its CSRF token. */
    public Page submitAll(String page, String action, List<Map.Entry<String, String>> fields) {
        return submit(get(page), action, fields);
    }

    /** The value of the page's hidden field {@code name} (the first such field). */
    public static String hidden(Page page, String name) {
        Matcher value = (name.equals("_csrf") ? CSRF : Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\""))
                .matcher(page.body());
        if (!value.find()) {
            throw new AssertionError("no field " + name + " on the page (" + page.status() + "): " + page.body());
        }
        return value.group(1).replace("&#45;", "-");
    }

    /** A post with exactly these fields (no token unless given). */
    public Page post(String action, Map<String, String> fields) {
        return post(action, fields.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /** A post with exactly these fields, in this order (no token unless given). */
    public Page post(String action, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(api.url(action)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A multipart post (a file upload): text {@code fields} and one file, as a browser's form sends them. */
    public Page postFile(String action, Map<String, String> fields, String fileField, String fileName, byte[] file) {
        String boundary = "----passerelle" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> write = s -> body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        fields.forEach((name, value) -> write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: image/png\r\n\r\n");
        body.writeBytes(file);
        write.accept("\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(URI.create(api.url(action)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public Page signIn(String email, String password) {
        return submit("/sign-in", "/sign-in", Map.of("email", email, "password", password));
    }

    public Page signOut() {
        return submit("/", "/sign-out", Map.of());
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.header("Accept-Language", language).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
