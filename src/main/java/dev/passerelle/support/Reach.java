package dev.passerelle.support;

/**
 * Which addresses an outbound connection may reach. A tenant's URL or host gets {@link #PUBLIC};
 * the wider kinds exist for what an operator turned on for a lab or a server on their own network
 * (or for the tests' WireMock and GreenMail on 127.0.0.1). Link-local (where clouds keep their
 * metadata service), multicast, reserved, documentation and translation ranges are never reached.
 */
public enum Reach {

    /** The public internet only. */
    PUBLIC(false, false),
    /** The public internet and this machine (127.0.0.0/8, ::1, localhost): tests and benchmarks. */
    PUBLIC_OR_LOOPBACK(true, false),
    /**
     * Also the private-use networks (10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7) and
     * loopback: a shop or an SMTP server in the operator's own network.
     */
    LOCAL_NETWORK(true, true);

    private final boolean loopback;
    private final boolean privateNetworks;

    Reach(boolean loopback, boolean privateNetworks) {
        this.loopback = loopback;
        this.privateNetworks = privateNetworks;
    }

    public boolean loopback() {
        return loopback;
    }

    public boolean privateNetworks() {
        return privateNetworks;
    }

    /** This reach, with loopback added when {@code allowLoopback}. */
    public Reach withLoopback(boolean allowLoopback) {
        return allowLoopback && this == PUBLIC ? PUBLIC_OR_LOOPBACK : this;
    }
}
