package dev.passerelle.accounts;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Where browsers come back from providers, and the reconnect link of the email: no API key (a
 * browser holds none); the state, or the link's token, is the only credential, used once.
 */
@RestController
@Tag(name = "Connected accounts")
class AccountCallbackController {

    private final Accounts accounts;

    AccountCallbackController(Accounts accounts) {
        this.accounts = accounts;
    }

    record Result(ConnectedAccount account, boolean created, boolean reconnected) {
    }

    @GetMapping("/accounts/callback")
    @Operation(summary = "The redirect URI providers send the browser back to (registered at each provider)",
            description = "Answers the account as JSON; a connect begun from the console goes back to the console's "
                    + "accounts page instead (302).")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", content = @io.swagger.v3.oas.annotations.media.Content(
            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Result.class)))
    ResponseEntity<?> callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
                               @RequestParam(required = false) String error,
                               @RequestParam(name = "error_description", required = false) String errorDescription,
                               @CookieValue(name = AccountPages.RETURN_COOKIE, required = false) String returnTo) {
        if (!"console".equals(returnTo)) {
            Accounts.Completed c = accounts.complete(state, code, error, errorDescription);
            return ResponseEntity.ok(new Result(c.account(), c.created(), c.reconnected()));
        }
        // Begun from the console's accounts page: the same completion, and the browser goes back to that page
        // (which says whether it worked) instead of reading JSON. The cookie has done its work.
        String done;
        try {
            Accounts.Completed c = accounts.complete(state, code, error, errorDescription);
            done = c.reconnected() ? "reconnected" : "connected";
        } catch (DomainException refused) {
            done = "failed";
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(AccountPages.PAGE + "?done=" + done))
                .header(HttpHeaders.SET_COOKIE, ResponseCookie.from(AccountPages.RETURN_COOKIE, "")
                        .path("/accounts/callback").maxAge(0).httpOnly(true).sameSite("Lax").build().toString())
                .build();
    }

    @GetMapping("/accounts/reconnect/{token}")
    @Operation(summary = "The reconnect link sent by email: goes on to the provider's sign-in")
    ResponseEntity<Void> reconnect(@PathVariable String token) {
        Accounts.Authorization a = accounts.beginReconnectByLink(token).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND,
                "this reconnect link is unknown, or its account was reconnected or disconnected since"));
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(a.authorizationUrl())).build();
    }
}
