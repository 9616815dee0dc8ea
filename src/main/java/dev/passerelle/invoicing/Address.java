package dev.passerelle.invoicing;

/** A postal address; {@code country} is an ISO 3166-1 alpha-2 code. */
public record Address(String line1, String line2, String postcode, String city, String state, String country) {
}
