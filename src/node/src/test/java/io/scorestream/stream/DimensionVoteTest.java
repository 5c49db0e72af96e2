package io.scorestream.stream;

import io.scorestream.stream.RecordCodec.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The vote that decides a learned dimension, driven item by item without Kafka. */
class DimensionVoteTest {
    /** A stream item: its position in the input, and a vector or a bad record. */
    record Item(int id, double[] vector, RecordCodec.Bad bad) {}

    static final DimensionVote.Items<Item> ITEMS = new DimensionVote.Items<>() {
        @Override public double[] vector(Item item) { return item.vector(); }
        @Override public Item asBad(Item item, RecordCodec.Bad bad) { return new Item(item.id(), null, bad); }
    };

    final RecordCodec codec = new RecordCodec(RecordCodec.Format.CSV, -1, 1024);
    final List<String> decisions = new ArrayList<>();
    int nextId;

    DimensionVote<Item> vote(int votes, int maxHeld) {
        return new DimensionVote<>(codec, votes, maxHeld, Long.MAX_VALUE, ITEMS, decisions::add);
    }

    /** The record decoded by the codec as it stands now (so provisional while it has no dimension). */
    Item decode(String text) {
        RecordCodec.Decoded d = codec.decode(text.getBytes(StandardCharsets.UTF_8));
        int id = nextId++;
        return d instanceof RecordCodec.Good g ? new Item(id, g.vector(), null) : new Item(id, null, (RecordCodec.Bad) d);
    }

    static String vector(int length) {
        StringBuilder sb = new StringBuilder("0.5");
        for (int i = 1; i < length; i++) sb.append(',').append(i);
        return sb.toString();
    }

    @Test
    void theMajorityWinsOverAWrongFirstRecord() {
        DimensionVote<Item> vote = vote(32, 4096);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) out.addAll(vote.offer(decode(vector(3))));
        for (int i = 0; i < 28; i++) out.addAll(vote.offer(decode(vector(2))));
        assertEquals(List.of(), out, "held until 32 records that parse");
        assertEquals(31, vote.held());
        assertEquals(-1, codec.dimension());
        out.addAll(vote.offer(decode(vector(2))));
        assertEquals(2, codec.dimension());
        assertEquals(32, out.size());
        for (int i = 0; i < 3; i++) {
            assertNull(out.get(i).vector());
            assertEquals(Reason.WRONG_DIMENSION, out.get(i).bad().reason());
            assertEquals("expected 2 values, found 3", out.get(i).bad().message());
        }
        for (int i = 3; i < 32; i++) assertEquals(2, out.get(i).vector().length);
        assertEquals(0, vote.held());
        assertEquals(1, decisions.size(), decisions.toString());
        assertTrue(decisions.get(0).startsWith("input dimension 2 from a vote of the first 32 records"), decisions.get(0));
    }

    @Test
    void aTieGoesToTheLengthSeenFirst() {
        DimensionVote<Item> vote = vote(4, 4096);
        for (int length : new int[]{3, 2, 2}) assertEquals(List.of(), vote.offer(decode(vector(length))));
        List<Item> out = vote.offer(decode(vector(3)));
        assertEquals(3, codec.dimension(), "2 against 2: the length seen first");
        assertEquals(List.of(3, -2, -2, 3), out.stream().map(i -> i.vector() == null ? -2 : i.vector().length).toList());

        RecordCodec other = new RecordCodec(RecordCodec.Format.CSV, -1, 1024);
        DimensionVote<Item> second = new DimensionVote<>(other, 4, 4096, Long.MAX_VALUE, ITEMS, null);
        for (int length : new int[]{2, 3, 3, 2}) second.offer(new Item(nextId++, new double[length], null));
        assertEquals(2, other.dimension());
    }

    @Test
    void badItemsBeforeTheFirstParsedVectorPassAtOnceAndAfterItAreHeld() {
        DimensionVote<Item> vote = vote(32, 4096);
        Item empty = decode(""), malformed = decode("1,x");
        assertEquals(List.of(empty), vote.offer(empty));
        assertEquals(List.of(malformed), vote.offer(malformed));
        assertEquals(0, vote.held());
        assertEquals(List.of(), vote.offer(decode(vector(2))));
        assertEquals(List.of(), vote.offer(decode("NaN,1")), "a bad item after a parsed one waits its turn");
        assertEquals(2, vote.held());
    }

    @Test
    void theOrderIsPreservedExactly() {
        Random rng = new Random(5);
        DimensionVote<Item> vote = vote(32, 4096);
        List<Item> in = new ArrayList<>(), out = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            int kind = rng.nextInt(10);
            Item item = decode(kind == 0 ? "1,x" : kind == 1 ? vector(1 + rng.nextInt(5)) : vector(4));
            in.add(item);
            out.addAll(vote.offer(item));
        }
        assertEquals(4, codec.dimension());
        assertEquals(in.stream().map(Item::id).toList(), out.stream().map(Item::id).toList(), "every item once, in the order it came");
        for (int i = 0; i < in.size(); i++) {
            Item was = in.get(i), is = out.get(i);
            if (was.vector() != null && was.vector().length == 4) assertSame(was, is);
            else if (was.vector() != null) assertEquals(Reason.WRONG_DIMENSION, is.bad().reason());
            else assertSame(was, is);
        }
    }

    @Test
    void vectorsDecodedProvisionallyBeforeTheDecisionAreRecheckedAfterIt() {
        DimensionVote<Item> vote = vote(3, 4096);
        // Decoded while the codec had no dimension, but reaching the vote only after it decided.
        Item lateThree = decode(vector(3)), lateTwo = decode(vector(2));
        for (int i = 0; i < 3; i++) vote.offer(decode(vector(2)));
        assertEquals(2, codec.dimension());
        List<Item> out = vote.offer(lateThree);
        assertEquals(1, out.size());
        assertEquals("expected 2 values, found 3", out.get(0).bad().message());
        assertEquals(lateThree.id(), out.get(0).id());
        assertEquals(List.of(lateTwo), vote.offer(lateTwo));
        // Records decoded from now on are checked by the codec itself.
        assertEquals(Reason.WRONG_DIMENSION, decode(vector(3)).bad().reason());
    }

    @Test
    void theItemCapDecidesWithWhatItHas() {
        DimensionVote<Item> vote = vote(32, 4096);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) out.addAll(vote.offer(decode(vector(3))));
        for (int i = 0; i < 4090; i++) out.addAll(vote.offer(decode("1,x")));
        assertEquals(List.of(), out);
        assertEquals(4095, vote.held());
        out.addAll(vote.offer(decode("")));
        assertEquals(4096, out.size(), "5 vectors and 4 091 bad items: the cap decides");
        assertEquals(3, codec.dimension());
        assertEquals(0, vote.held());
        assertTrue(decisions.get(0).contains("first 5 records"), decisions.get(0));
    }

    @Test
    void theByteCapDecidesToo() {
        DimensionVote.Items<Item> sized = new DimensionVote.Items<>() {
            @Override public double[] vector(Item item) { return item.vector(); }
            @Override public Item asBad(Item item, RecordCodec.Bad bad) { return new Item(item.id(), null, bad); }
            @Override public long bytes(Item item) { return 1 << 20; }   // every item a 1 MiB record
        };
        DimensionVote<Item> vote = new DimensionVote<>(codec, 32, 4096, 64L << 20, sized, null);
        List<Item> out = new ArrayList<>(vote.offer(decode(vector(2))));
        for (int i = 0; i < 62; i++) out.addAll(vote.offer(decode("1,x")));
        assertEquals(List.of(), out);
        out.addAll(vote.offer(decode("1,x")));
        assertEquals(64, out.size(), "64 items of 1 MiB: the byte cap decides");
        assertEquals(2, codec.dimension());
    }

    @Test
    void thePartitionersDimensionEndsAnOpenVote() {
        DimensionVote<Item> vote = vote(32, 4096);
        List<Item> out = new ArrayList<>();
        out.addAll(vote.offer(decode(vector(3))));
        out.addAll(vote.offer(decode("1,x")));
        out.addAll(vote.offer(decode(vector(3))));
        assertEquals(3, vote.held());
        codec.adopt(2);   // a rebalance: the partitioner knows the stream's dimension
        out.addAll(vote.offer(decode(vector(2))));
        assertEquals(4, out.size());
        assertEquals(List.of(Reason.WRONG_DIMENSION, Reason.MALFORMED, Reason.WRONG_DIMENSION), out.subList(0, 3).stream().map(i -> i.bad().reason()).toList());
        assertEquals(2, out.get(3).vector().length);
        assertEquals(2, codec.dimension(), "the partitioner's, not a vote's");
        assertTrue(decisions.isEmpty(), "no vote was needed");
    }

    @Test
    void aPinnedDimensionPassesEveryItemAtOnceStillChecked() {
        RecordCodec pinned = new RecordCodec(RecordCodec.Format.CSV, 2, 1024);
        DimensionVote<Item> vote = new DimensionVote<>(pinned, 32, 4096, Long.MAX_VALUE, ITEMS, null);
        Item good = new Item(0, new double[2], null);
        assertEquals(List.of(good), vote.offer(good));
        List<Item> out = vote.offer(new Item(1, new double[5], null));
        assertEquals("expected 2 values, found 5", out.get(0).bad().message());
        assertEquals(0, vote.held());
    }
}
