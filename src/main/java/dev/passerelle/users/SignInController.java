package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * Signing in and out, and the pages e-mailed links open: accept an invitation, reset a password.
 * Form posts carry the CSRF token (Spring Security checks it before any of this runs).
 */
@Controller
@ConsolePage
@Hidden
class SignInController {

    private final SignIn signIn;
    private final Sessions sessions;
    private final Users users;
    private final ConsoleProperties settings;

    SignInController(SignIn signIn, Sessions sessions, Users users, ConsoleProperties settings) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.users = users;
        this.settings = settings;
    }

    @GetMapping("/sign-in")
    String form(@RequestParam(required = false) String done, @RequestParam(required = false) String next,
                Model model) {
        if (done != null && done.matches("[a-z-]{1,40}")) {
            model.addAttribute("notice", "signin.notice." + done);
        }
        if (SignInNext.safe(next)) {
            model.addAttribute("next", next);
            model.addAttribute("notice", "signin.notice.authorize");
        }
        return "users/sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
                  @RequestParam(required = false) String next, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        SignIn.Result result = signIn.attempt(email, password, request.getRemoteAddr());
        model.addAttribute("email", email);
        if (SignInNext.safe(next)) {
            model.addAttribute("next", next);
        }
        switch (result.outcome()) {
            case SIGNED_IN -> {
                SessionCookie.write(request, response, result.cookie(), settings.sessionMax());
                if (result.user().role() == ConsoleRole.OPERATOR) {
                    return "redirect:/ops";
                }
                // Back to what sent them here (an app asking for access), else the overview.
                return "redirect:" + (SignInNext.safe(next) ? next : "/");
            }
            case WRONG -> {
                response.setStatus(401);
                model.addAttribute("error", "signin.error.wrong");
            }
            case SUSPENDED -> {
                response.setStatus(403);
                model.addAttribute("error", "signin.error.suspended");
            }
            case THROTTLED_ACCOUNT, THROTTLED_ADDRESS -> {
                long minutes = Math.max(1, (result.retryAfter().toSeconds() + 59) / 60);
                response.setStatus(429);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(result.retryAfter().toSeconds() + 1));
                model.addAttribute("error", result.outcome() == SignIn.Outcome.THROTTLED_ACCOUNT
                        ? "signin.error.throttled-account" : "signin.error.throttled-address");
                model.addAttribute("minutes", minutes);
            }
        }
        return "users/sign-in";
    }

    @PostMapping("/sign-out")
    String signOut(@AuthenticationPrincipal SignedIn me, HttpServletRequest request, HttpServletResponse response) {
        sessions.end(me.sessionId());
        SessionCookie.clear(request, response);
        return "redirect:/sign-in?done=signed-out";
    }

    @PostMapping("/sign-out-everywhere")
    String signOutEverywhere(@AuthenticationPrincipal SignedIn me, HttpServletRequest request,
                             HttpServletResponse response) {
        sessions.endAll(me.userId());
        SessionCookie.clear(request, response);
        return "redirect:/sign-in?done=signed-out-everywhere";
    }

    @GetMapping("/password-reset")
    String resetRequestForm() {
        return "users/reset-request";
    }

    @PostMapping("/password-reset")
    String requestReset(@RequestParam(defaultValue = "") String email, Model model, Locale locale) {
        try {
            users.requestReset(email, locale);
        } catch (dev.passerelle.support.InvalidInput notAnAddress) {
            model.addAttribute("error", "reset.error.email");
            model.addAttribute("email", email);
            return "users/reset-request";
        }
        model.addAttribute("notice", "reset.sent");
        return "users/reset-request";
    }

    @GetMapping("/password-reset/{token}")
    String resetForm(@PathVariable String token, Model model, HttpServletResponse response) {
        return passwordForm(token, Users.RESET, model, response);
    }

    @PostMapping("/password-reset/{token}")
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String password,
                 @RequestParam(defaultValue = "") String confirmation, Model model, HttpServletResponse response) {
        return setPassword(token, Users.RESET, password, confirmation, model, response, "password-reset");
    }

    @GetMapping("/invitations/{token}")
    String invitationForm(@PathVariable String token, Model model, HttpServletResponse response) {
        return passwordForm(token, Users.INVITE, model, response);
    }

    @PostMapping("/invitations/{token}")
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmation, Model model, HttpServletResponse response) {
        return setPassword(token, Users.INVITE, password, confirmation, model, response, "invitation-accepted");
    }

    private String passwordForm(String token, String purpose, Model model, HttpServletResponse response) {
        var user = users.linkFor(token, purpose);
        if (user.isEmpty()) {
            response.setStatus(410);
            return "users/link-gone";
        }
        model.addAttribute("purpose", purpose);
        model.addAttribute("account", user.get().email());
        return "users/set-password";
    }

    private String setPassword(String token, String purpose, String password, String confirmation, Model model,
                               HttpServletResponse response, String done) {
        var user = users.linkFor(token, purpose);
        if (user.isEmpty()) {
            response.setStatus(410);
            return "users/link-gone";
        }
        var problem = Passwords.problem(password, confirmation, user.get().email());
        if (problem.isPresent()) {
            response.setStatus(422);
            model.addAttribute("purpose", purpose);
            model.addAttribute("account", user.get().email());
            model.addAttribute("error", problem.get());
            return "users/set-password";
        }
        if (users.setPassword(token, purpose, password).isEmpty()) {
            response.setStatus(410);
            return "users/link-gone";
        }
        return "redirect:/sign-in?done=" + done;
    }
}
