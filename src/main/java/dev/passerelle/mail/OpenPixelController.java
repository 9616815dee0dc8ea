package dev.passerelle.mail;

import java.util.Base64;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The open-tracking pixel: a transparent 1×1 GIF on a public URL whose token is the key. Every
 * fetch gets the same image, known token or not (an image that breaks would show in the reader's
 * mail), never cached, so each opening asks again.
 */
@RestController
@Tag(name = "Emails (public tracking image)")
class OpenPixelController {

    static final byte[] GIF = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
    private static final int MAX_TOKEN = 64;

    private final DeliveryTracking tracking;

    OpenPixelController(DeliveryTracking tracking) {
        this.tracking = tracking;
    }

    @GetMapping("/e/{token}.gif")
    @Operation(summary = "The tracking image of an email (no login: the URL is the key)",
            description = "The first fetch marks the email OPENED; later fetches count. Always the same 1×1 GIF.")
    ResponseEntity<byte[]> pixel(@PathVariable String token) {
        if (token.length() <= MAX_TOKEN && token.matches("[A-Za-z0-9_-]+")) {
            tracking.opened(token);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_GIF)
                .cacheControl(CacheControl.noStore())
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Referrer-Policy", "no-referrer")
                .body(GIF.clone());
    }
}
