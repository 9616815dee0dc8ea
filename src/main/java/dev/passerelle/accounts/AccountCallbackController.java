package dev.passerelle.accounts;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
    @Operation(summary = "The redirect URI providers send the browser back to (registered at each provider)")
    Result callback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
                    @RequestParam(required = false) String error,
                    @RequestParam(name = "error_description", required = false) String errorDescription) {
        Accounts.Completed c = accounts.complete(state, code, error, errorDescription);
        return new Result(c.account(), c.created(), c.reconnected());
    }

    @GetMapping("/accounts/reconnect/{token}")
    @Operation(summary = "The reconnect link sent by email: goes on to the provider's sign-in")
    ResponseEntity<Void> reconnect(@PathVariable String token) {
        Accounts.Authorization a = accounts.beginReconnectByLink(token).orElseThrow(() -> Problems.of(HttpStatus.NOT_FOUND,
                "this reconnect link is unknown, or its account was reconnected or disconnected since"));
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(a.authorizationUrl())).build();
    }
}
