package dev.passerelle.support;

/**
 * A postal address; {@code country} is an ISO 3166-1 alpha-2 code. Shared because a tenant's
 * company profile and its clients both have one, and the PDF prints them the same way.
 */
public record Address(String line1, String line2, String postcode, String city, String state, String country) {
}
