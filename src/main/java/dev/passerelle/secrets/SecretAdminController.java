package dev.passerelle.secrets;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operator view of the secret store: which master key holds how many values, and rotation. */
@RestController
@RequestMapping("/api/v1/admin/secrets")
@Tag(name = "Operator: secrets")
class SecretAdminController {

    private final SecretRotation rotation;

    SecretAdminController(SecretRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    @Operation(summary = "Master key in use and number of stored values per key id")
    SecretRotation.Status status() {
        return rotation.status();
    }

    @PostMapping("/rotate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rotate the master key and re-encrypt every stored value in the background",
            description = "With a generated key ring, a new key is generated. With PASSERELLE_MASTER_KEY, restart "
                    + "with the new key and the old one in PASSERELLE_MASTER_KEY_PREVIOUS; this call (or the start) "
                    + "then moves every value onto the new key.")
    SecretRotation.Status rotate() {
        return rotation.rotate();
    }
}
