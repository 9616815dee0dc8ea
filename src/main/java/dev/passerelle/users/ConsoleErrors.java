package dev.passerelle.users;

import dev.passerelle.web.ConsolePage;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;

/**
 * Console pages answer refusals as pages with the right status (the API's handler would answer
 * problem+json). Another tenant's record is simply not found: 404, never a hint that it exists.
 */
@ControllerAdvice(annotations = ConsolePage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private final ConsolePageModel page;

    ConsoleErrors(ConsolePageModel page) {
        this.page = page;
    }

    @ExceptionHandler(AccessDeniedException.class)
    String denied(HttpServletResponse response, Model model) {
        return show(response, model, 403, "error.forbidden", null);
    }

    @ExceptionHandler(DomainException.class)
    String refused(DomainException ex, HttpServletResponse response, Model model) {
        if (ex instanceof NotFound) {
            return show(response, model, 404, "error.not-found", null);
        }
        return show(response, model, ex instanceof InvalidInput ? 400 : 409, "error.refused", ex.getMessage());
    }

    /**
     * A value the page cannot read: an id in the path that is not one names no record (404, as
     * another tenant's would); a query value (a list's cursor) is a bad request.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String unreadable(MethodArgumentTypeMismatchException ex, HttpServletResponse response, Model model) {
        if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return show(response, model, 404, "error.not-found", null);
        }
        return show(response, model, 400, "error.refused", ex.getName() + ": not a valid value");
    }

    private String show(HttpServletResponse response, Model model, int status, String title, String detail) {
        response.setStatus(status);
        model.addAttribute("me", page.me());
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "error-page";
    }
}
