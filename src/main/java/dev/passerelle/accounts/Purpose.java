package dev.passerelle.accounts;

import java.util.List;

/** What an account is connected for: sending email (SMTP XOAUTH2) or calling APIs. */
final class Purpose {

    static final String MAIL = "mail";
    static final String API = "api";
    static final List<String> ALL = List.of(MAIL, API);

    private Purpose() {
    }
}
