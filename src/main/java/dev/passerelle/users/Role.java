package dev.passerelle.users;

/**
 * What a console user may do. Owners manage the tenant's team; members use everything else;
 * operators have no tenant and see only the ops area.
 */
public enum Role {
    OWNER, MEMBER, OPERATOR;

    /** The Spring Security authority the console's rules check. */
    String authority() {
        return "ROLE_CONSOLE_" + name();
    }
}
