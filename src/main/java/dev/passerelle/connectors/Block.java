package dev.passerelle.connectors;

/** A building block: a trigger ({@code from}) or an action ({@code to}) of a route. */
public interface Block {

    BlockSpec spec();
}
