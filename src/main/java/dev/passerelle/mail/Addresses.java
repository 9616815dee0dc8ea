package dev.passerelle.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import dev.passerelle.support.InvalidInput;

/** Email address checks shared by settings, API requests and templates. */
final class Addresses {

    private Addresses() {
    }

    static boolean valid(String address) {
        if (address == null || address.length() > 320 || !address.matches("[^@\\s<>\",;]+@[^@\\s<>\",;]+\\.[^@\\s<>\",;]+")) {
            return false;
        }
        try {
            new InternetAddress(address, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    static String require(String field, String address) {
        if (!valid(address)) {
            throw new InvalidInput(field + ": '" + address + "' is not an e-mail address");
        }
        return address;
    }
}
