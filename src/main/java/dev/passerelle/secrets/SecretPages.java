package dev.passerelle.secrets;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The ops area's secrets page: the master key in use, the stored values per key, the last
 * re-encryption's figures, and Rotate — the same {@link SecretRotation} as
 * {@code /api/v1/admin/secrets}.
 */
@Controller
@ConsolePage
@Hidden
class SecretPages {

    private final SecretRotation rotation;
    private final MasterKeyRing keys;

    SecretPages(SecretRotation rotation, MasterKeyRing keys) {
        this.rotation = rotation;
        this.keys = keys;
    }

    @GetMapping("/ops/secrets")
    String status(Model model) {
        return show(rotation.status(), model);
    }

    @PostMapping("/ops/secrets/rotate")
    String rotate(Model model) {
        model.addAttribute("rotated", true);
        return show(rotation.rotate(), model);
    }

    private String show(SecretRotation.Status status, Model model) {
        model.addAttribute("secrets", status);
        // With PASSERELLE_MASTER_KEY the new key comes from the operator (a restart); the page says how.
        model.addAttribute("generated", keys.managesKeyFile());
        return "secrets/secrets";
    }
}
