package dev.passerelle.users;

import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's layout needs: who is signed in (for the header and its sign-out forms). */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsolePageModel {

    @ModelAttribute("me")
    SignedIn me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof SignedIn who ? who : null;
    }

    /** This page's path and query, where the language switch comes back to. */
    @ModelAttribute("here")
    String here(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "GET".equals(request.getMethod()) && request.getQueryString() != null
                ? path + "?" + request.getQueryString() : path;
    }
}
