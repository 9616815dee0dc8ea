package dev.passerelle.tenancy;

/**
 * What a console user may do. Owners manage the tenant's team; members use everything else;
 * operators have no tenant and see only the ops area.
 */
public enum ConsoleRole {
    OWNER, MEMBER, OPERATOR;

    /** The Spring Security authority the console's rules check. */
    public String authority() {
        return "ROLE_CONSOLE_" + name();
    }
}
