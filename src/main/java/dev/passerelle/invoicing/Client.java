package dev.passerelle.invoicing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.passerelle.support.Address;

public record Client(UUID id, String name, String company, List<String> emails, String phone, Address billingAddress,
                     Address shippingAddress, String vatNumber, String language, List<ExternalRef> externalRefs,
                     Instant createdAt, Instant updatedAt) {

    public String mainEmail() {
        return emails.isEmpty() ? null : emails.get(0);
    }
}
