package dev.passerelle.invoicing;

import java.util.List;

import dev.passerelle.support.Address;

/**
 * What is known about a client. {@code emails}: up to 3, the first is the main one.
 * {@code language}: ISO 639-1 (en, fr, de, it, es, nl).
 */
public record ClientInput(String name, String company, List<String> emails, String phone, Address billingAddress,
                          Address shippingAddress, String vatNumber, String language, ExternalRef externalRef) {
}
