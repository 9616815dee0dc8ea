package dev.passerelle.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Connected accounts")
class AccountController {

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    record ConnectRequest(String provider, String purpose, List<String> scopes) {
    }

    record AuthorizationView(String authorizationUrl, String redirectUri, Instant expiresAt) {
    }

    record Disconnected(UUID id, boolean revoked) {
    }

    @GetMapping
    @Operation(summary = "The tenant's connected accounts (never their tokens)")
    List<ConnectedAccount> list(@AuthenticationPrincipal TenantPrincipal tenant) {
        return accounts.list(tenant.tenantId());
    }

    @GetMapping("/providers")
    @Operation(summary = "The providers accounts can be connected with (name and title)")
    Map<String, String> providers() {
        return accounts.providers();
    }

    @PostMapping
    @Operation(summary = "Begin connecting an account",
            description = "`provider` (GET /api/v1/accounts/providers), `purpose`: `mail` (send email from it) or "
                    + "`api` (call APIs with it), `scopes` (optional, for api: what the APIs need beyond the defaults). "
                    + "Answers the provider's authorization URL: open it in a browser, sign in and consent; the "
                    + "provider sends the browser back to the redirect URI, which stores the account.")
    ResponseEntity<AuthorizationView> connect(@AuthenticationPrincipal TenantPrincipal tenant,
                                              @RequestBody ConnectRequest request) {
        Accounts.Authorization a = accounts.begin(tenant.tenantId(), request.provider(), request.purpose(),
                request.scopes(), null);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(a));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One connected account: status (CONNECTED or NEEDS_RECONNECT), e-mail, scopes, last error")
    ConnectedAccount get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return accounts.find(tenant.tenantId(), id).orElseThrow(() -> new NotFound("account " + id));
    }

    @PostMapping("/{id}/reconnect")
    @Operation(summary = "Begin reconnecting an account", description = "As connecting, for the same provider, purpose "
            + "and scopes; signing in as another identity is refused. Once reconnected, what waited for it resumes.")
    ResponseEntity<AuthorizationView> reconnect(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(view(accounts.beginReconnect(tenant.tenantId(), id)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Disconnect an account", description = "Revokes its grant at the provider when the provider "
            + "offers revocation (`revoked`: whether it confirmed), then forgets its tokens.")
    Disconnected disconnect(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return new Disconnected(id, accounts.disconnect(tenant.tenantId(), id));
    }

    private AuthorizationView view(Accounts.Authorization a) {
        return new AuthorizationView(a.authorizationUrl(), accounts.redirectUri(), a.expiresAt());
    }
}
