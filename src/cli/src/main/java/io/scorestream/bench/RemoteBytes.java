package io.scorestream.bench;

import akka.actor.ActorRef;
import akka.remote.artery.RemoteInstrument;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what Akka remoting (Artery) sends between nodes: each message's size as Artery reports it, summed
 * over all actor systems of this JVM. Enabled per actor system by
 * {@code akka.remote.artery.advanced.instruments = ["io.scorestream.bench.RemoteBytes"]}; Artery
 * reports sizes only to instruments that ask for serialization timing, hence
 * {@link #serializationTimingEnabled()}. It writes no metadata, so the messages are unchanged.
 */
public final class RemoteBytes extends RemoteInstrument {
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder MESSAGES = new LongAdder();

    /** Bytes sent between nodes since the JVM started (or the last {@link #reset()}). */
    public static long bytes() { return BYTES.sum(); }

    /** Messages sent between nodes since the JVM started (or the last {@link #reset()}). */
    public static long messages() { return MESSAGES.sum(); }

    public static void reset() {
        BYTES.reset();
        MESSAGES.reset();
    }

    @Override public byte identifier() { return 17; }

    @Override public boolean serializationTimingEnabled() { return true; }

    @Override public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

    @Override public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        BYTES.add(size);
        MESSAGES.increment();
    }

    @Override public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {}

    @Override public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {}
}
