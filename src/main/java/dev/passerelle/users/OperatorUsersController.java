package dev.passerelle.users;

import dev.passerelle.tenancy.ConsoleRole;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Operator API for console accounts (operator token): a tenant's first owner is invited here, and
 * operators get their own accounts for the ops area.
 */
@RestController
@Tag(name = "Operator: console users")
class OperatorUsersController {

    private final Users users;

    OperatorUsersController(Users users) {
        this.users = users;
    }

    record InviteUser(@NotBlank @Size(max = 320) String email, @NotNull ConsoleRole role) {
    }

    record InviteOperator(@NotBlank @Size(max = 320) String email) {
    }

    /** @param link the link that sets the password, shown once (it is also e-mailed to a tenant's user) */
    record InvitedUser(UUID id, UUID tenantId, String email, ConsoleRole role, ConsoleUser.Status status, String link,
                       Instant linkExpiresAt) {

        static InvitedUser of(Users.Invited i) {
            ConsoleUser u = i.user();
            return new InvitedUser(u.id(), u.tenantId(), u.email(), u.role(), u.status(), i.link(), i.expiresAt());
        }
    }

    @PostMapping("/api/v1/tenants/{id}/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invite a user to a tenant's console",
            description = "ConsoleRole OWNER or MEMBER. The invitation link (single use, expiring) is e-mailed through the "
                    + "tenant's outbox and returned once in `link`. Inviting a pending address again sends a new link.")
    InvitedUser invite(@PathVariable UUID id, @Valid @RequestBody InviteUser request, Locale locale) {
        return InvitedUser.of(users.invite(id, request.email(), request.role(), locale));
    }

    @GetMapping("/api/v1/tenants/{id}/users")
    @Operation(summary = "List a tenant's console users")
    List<ConsoleUser> team(@PathVariable UUID id) {
        return users.team(id);
    }

    @PostMapping("/api/v1/admin/operators")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an operator's console account",
            description = "Returns the link that sets its password, once (operators have no tenant outbox to mail it).")
    InvitedUser inviteOperator(@Valid @RequestBody InviteOperator request) {
        return InvitedUser.of(users.inviteOperator(request.email()));
    }

    @GetMapping("/api/v1/admin/operators")
    List<ConsoleUser> operators() {
        return users.operators();
    }

    @PostMapping("/api/v1/admin/operators/{userId}/password-reset")
    @Operation(summary = "A password reset link for an operator", description = "Returned once, in `link`.")
    InvitedUser resetOperator(@PathVariable UUID userId) {
        return InvitedUser.of(users.operatorReset(userId));
    }
}
