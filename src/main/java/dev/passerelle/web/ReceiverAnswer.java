package dev.passerelle.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A receiver's 200: JSON whatever the sender's {@code Accept} asks for. The delivery is stored by the
 * time the answer is written, and a 406 then would have the sender deliver it again (stored twice
 * where it carries no idempotency key). Its type given, the answer also skips content negotiation.
 */
public final class ReceiverAnswer {

    private ReceiverAnswer() {
    }

    public static <T> ResponseEntity<T> ok(T receipt) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(receipt);
    }
}
