package dev.passerelle.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * What a browser pointed at the server sees, instead of a 404, until the console lands: where
 * the API description and the health check are.
 */
@RestController
@Hidden
class HomeController {

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Passerelle</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}</style>
            </head><body>
            <h1>Passerelle</h1>
            <p>This server is running. It has no web console yet; everything is done through its API.</p>
            <ul>
            <li><a href="/swagger-ui.html">API description</a> (Swagger UI; "Authorize" takes an API key or the operator token)</li>
            <li><a href="/v3/api-docs">OpenAPI document</a></li>
            <li><a href="/actuator/health">Health</a></li>
            </ul>
            </body></html>
            """;

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    String home() {
        return PAGE;
    }
}
