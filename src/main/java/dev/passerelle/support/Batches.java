package dev.passerelle.support;

import java.util.function.IntUnaryOperator;

/** Work done in bounded batches, so no single statement locks or rewrites an unbounded number of rows. */
public final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} (given the batch size, returning how many rows it handled) until a batch
     * handles fewer than {@code size}; returns the total.
     */
    public static int untilDone(int size, IntUnaryOperator batch) {
        int total = 0;
        int done;
        do {
            done = batch.applyAsInt(size);
            total += done;
        } while (done == size);
        return total;
    }
}
