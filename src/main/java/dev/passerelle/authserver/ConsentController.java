package dev.passerelle.authserver;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.tenancy.ApiScopes;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.tenancy.Tenants;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The consent page the authorization endpoint sends a signed-in tenant user to: which app asks,
 * for which organisation, and what each permission lets it do, in plain words. Allowing posts the
 * scopes back to {@code /oauth2/authorize} with the request's {@code state}, which Spring ties to
 * this user's pending request (so another site cannot post a consent for them); denying posts none,
 * and the app gets {@code access_denied}. A console page: the console's session, CSRF and languages.
 */
@Controller
@ConsolePage
@Hidden
class ConsentController {

    static final String PATH = "/oauth2/consent";

    private final RegisteredClientRepository clients;
    private final Tenants tenants;

    ConsentController(RegisteredClientRepository clients, Tenants tenants) {
        this.clients = clients;
        this.tenants = tenants;
    }

    /** A permission as the page shows it: its name for the form, its message keys for people. */
    record Permission(String name, String label, String description) {

        static Permission of(String scope) {
            String key = "consent.scope." + scope.replace(':', '-');
            return new Permission(scope, key, key + ".description");
        }
    }

    @GetMapping(PATH)
    String consent(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "client_id", defaultValue = "") String clientId,
                   @RequestParam(defaultValue = "") String scope, @RequestParam(defaultValue = "") String state,
                   Model model, HttpServletResponse response) {
        RegisteredClient client = clientId.isEmpty() ? null : clients.findByClientId(clientId);
        if (client == null || state.isBlank() || me.tenantId() == null) {
            response.setStatus(400);
            model.addAttribute("problem", client == null ? "consent.error.client" : me.tenantId() == null
                    ? "consent.error.operator" : "consent.error.state");
            return "authserver/consent-error";
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
        List<Permission> permissions = ApiScopes.ALL.stream().filter(asked::contains).map(Permission::of).toList();
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("clientId", client.getClientId());
        model.addAttribute("tenantName", tenants.find(me.tenantId()).map(t -> t.name()).orElse(""));
        model.addAttribute("state", state);
        model.addAttribute("permissions", permissions);
        // Allowing ends in a redirect to the app: a browser applies form-action to it, so the page
        // names the app's own redirect origins next to 'self' (the console's policy allows only 'self').
        StringBuilder origins = new StringBuilder();
        client.getRedirectUris().forEach(u -> origins.append(' ').append(origin(u)));
        response.setHeader("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY
                .replace("form-action 'self'", "form-action 'self'" + origins));
        return "authserver/consent";
    }

    private static String origin(String uri) {
        URI u = URI.create(uri);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
