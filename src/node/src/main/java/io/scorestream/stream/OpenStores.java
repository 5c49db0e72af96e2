package io.scorestream.stream;

import io.scorestream.learn.StateStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot stores a node opened, closed by its owner once the node's actor system has
 * terminated: a Kafka store keeps a producer for its life, and one left open keeps trying the
 * broker after the node has gone (a run of {@code bench-quality --stream} closing its broker ended
 * with three producers per node logging failed connections). Closed after termination, not when an
 * actor stops, because the planner singleton that saves to them is not the node's child.
 */
public final class OpenStores implements AutoCloseable {
    private final List<StateStore> stores = new ArrayList<>();
    private boolean closed;

    /** Registers store, to be closed with the others; returns it. */
    synchronized StateStore add(StateStore store) {
        if (closed) throw new IllegalStateException("the node's stores are closed: " + store.describe());
        stores.add(store);
        return store;
    }

    /** How many stores are open. */
    public synchronized int size() { return closed ? 0 : stores.size(); }

    /** Closes every store once; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (StateStore store : stores) store.close();
        stores.clear();
    }
}
