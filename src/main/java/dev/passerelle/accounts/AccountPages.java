package dev.passerelle.accounts;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The connections page's accounts tab: connect a Google, Microsoft (or other configured) account
 * for sending email or calling APIs, see each one's status — {@code NEEDS_RECONNECT} with its
 * reason and a reconnect button —, disconnect. {@link Accounts}, as the API: the buttons begin the
 * same authorization-code flow {@code POST /api/v1/accounts} begins and send the browser to the
 * provider; {@link AccountCallbackController} brings it back here (see {@link #RETURN_COOKIE}).
 */
@Controller
@ConsolePage
@Hidden
class AccountPages {

    /**
     * Set when the console sends a browser to a provider, read by the redirect URI: that browser
     * comes back to this page rather than to the API's JSON answer. Only a presentation choice,
     * no credential (the state is the one); a cookie, so no row and no migration hold it.
     */
    static final String RETURN_COOKIE = "passerelle_account_return";
    static final String PAGE = "/console/connections/accounts";
    private static final Set<String> DONE = Set.of("connected", "reconnected", "disconnected", "revoked", "failed");

    private final Accounts accounts;
    private final Providers providers;
    private final AccountsProperties properties;

    AccountPages(Accounts accounts, Providers providers, AccountsProperties properties) {
        this.accounts = accounts;
        this.providers = providers;
        this.properties = properties;
    }

    @GetMapping(PAGE)
    String page(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Model model,
                HttpServletResponse response) {
        model.addAttribute("done", DONE.contains(done) ? done : null);
        model.addAttribute("providers", accounts.providers());
        model.addAttribute("accounts", accounts.list(me.tenantId()));
        // The connect and reconnect forms end in a redirect to the provider: a browser applies form-action
        // to it, so this page names the providers' authorization origins next to 'self' (as the consent page
        // names the app's).
        response.setHeader("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY
                .replace("form-action 'self'", "form-action 'self'" + authorizationOrigins()));
        return "accounts/accounts";
    }

    @PostMapping(PAGE)
    String connect(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String provider,
                   @RequestParam(defaultValue = "") String purpose, HttpServletRequest request,
                   HttpServletResponse response) {
        Accounts.Authorization a = accounts.begin(me.tenantId(), provider, purpose, List.of(), null);
        return toProvider(a, request, response);
    }

    @PostMapping(PAGE + "/{id}/reconnect")
    String reconnect(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id, HttpServletRequest request,
                     HttpServletResponse response) {
        return toProvider(accounts.beginReconnect(me.tenantId(), id), request, response);
    }

    @PostMapping(PAGE + "/{id}/disconnect")
    String disconnect(@AuthenticationPrincipal SignedIn me, @PathVariable UUID id) {
        boolean revoked = accounts.disconnect(me.tenantId(), id);
        return "redirect:" + PAGE + "?done=" + (revoked ? "revoked" : "disconnected");
    }

    private String toProvider(Accounts.Authorization a, HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(RETURN_COOKIE, "console").httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").path("/accounts/callback")
                .maxAge(properties.authorizationTtl()).build().toString());
        return "redirect:" + a.authorizationUrl();
    }

    private String authorizationOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        for (String name : providers.available().keySet()) {
            try {
                providers.find(name).ifPresent(p -> {
                    URI u = URI.create(p.authorizationUri());
                    origins.add(u.getScheme() + "://" + u.getRawAuthority());
                });
            } catch (RuntimeException unreachable) {
                // A provider whose discovery fails cannot be connected now; its button says so when pressed.
            }
        }
        StringBuilder out = new StringBuilder();
        origins.forEach(o -> out.append(' ').append(o));
        return out.toString();
    }
}
