package dev.passerelle.support;

/**
 * The data itself is wrong (a total that is not an amount, an unknown currency, a negative
 * quantity): permanent, whoever sends it and however often. The web layer answers 400.
 */
public class InvalidInput extends DomainException {

    public InvalidInput(String message) {
        super(message);
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
