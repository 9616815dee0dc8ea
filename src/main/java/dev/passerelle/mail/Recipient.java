package dev.passerelle.mail;

/** An address with an optional display name (any characters; encoded per RFC 2047 when sent). */
public record Recipient(String name, String address) {

    public static Recipient of(String address) {
        return new Recipient(null, address);
    }
}
