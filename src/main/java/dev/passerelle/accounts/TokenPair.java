package dev.passerelle.accounts;

/** An account's tokens, as kept (encrypted) in the secret store; {@code toString} shows none. */
record TokenPair(String accessToken, String refreshToken) {

    @Override
    public String toString() {
        return "TokenPair[hidden]";
    }
}
