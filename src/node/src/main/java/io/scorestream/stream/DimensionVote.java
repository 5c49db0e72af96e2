package io.scorestream.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides a learned dimension ({@code scorestream.input.dimension = -1}) by a vote of the first
 * records that parse, so that one wrong record at the head of a stream costs one dead letter, not
 * the stream. It sits right after decoding, while the codec has no dimension yet and returns every
 * parsed vector as provisional:
 * <ul>
 * <li>Until the first parsed vector, bad items go straight on.</li>
 * <li>From the first parsed vector on, every item, bad or parsed, is held, in order, until
 * {@code votes} parsed vectors are held (or {@code maxHeld} items, or {@code maxHeldBytes} of them,
 * in all: a stream of mostly large garbage must not fill the heap). The most common length
 * wins (a tie goes to the length seen first); the codec {@linkplain RecordCodec#learn learns} it,
 * and the held items go on in their order, every vector of another length turned into a
 * {@link RecordCodec.Reason#WRONG_DIMENSION} bad item.</li>
 * <li>Once the codec has a dimension (decided here, adopted from the partitioner, or configured),
 * items go straight on, each vector still checked against it: one decoded as provisional just
 * before the decision must not pass with the wrong length.</li>
 * </ul>
 * Order matters: the partitioner's {@link OffsetLedger} refuses gaps, so a held item is never
 * overtaken by a later one. Held items are simply not sent yet: if the stream stops first, they are
 * re-read from the partitioner's offsets next time, so nothing is lost or counted twice. Holding
 * costs nothing visible: no model exists before {@code learning.warm-up-samples} (default 16 384)
 * good records have arrived, and a vote holds at most {@code min(32, warm-up-samples)} parsed
 * vectors, so it never holds back a record a model is waiting for. (Only the dead-letter counts
 * of the first records lag until the vote decides.)
 *
 * <p>Named records whose columns depend on the records vote the same way on their columns: JSON
 * objects without configured fields on their numeric fields, and JSON objects or Avro datums whose
 * chosen fields name an array on the array's elements (so its length), as {@code fit} learns them
 * from the first record. The codec then {@linkplain RecordCodec#learnColumns learns the columns};
 * a held record is decoded again with them, so one without one of them gets the reason that names
 * the field.
 *
 * <p>One per stream run, called by one stage; not thread-safe.
 *
 * @param <T> the stream's item: a parsed vector or a bad record
 */
final class DimensionVote<T> {
    /** Parsed vectors a vote waits for, and the items it holds at most (bad ones included). */
    static final int VOTES = 32, MAX_HELD = 4096;
    /** The bytes of held items at most (see {@link Items#bytes}). */
    static final long MAX_HELD_BYTES = 64L << 20;

    /** How the vote sees the stream's items. */
    interface Items<T> {
        /** The item's vector, or null for a bad item. */
        double[] vector(T item);

        /** The item as a bad one, for the reason given. */
        T asBad(T item, RecordCodec.Bad bad);

        /** The columns of a provisional named record (see {@link RecordCodec.Good#fields()}), or null. */
        default java.util.List<String> fields(T item) { return null; }

        /** True for an item decoded while the dimension was unknown. */
        default boolean provisional(T item) { return false; }

        /** The item decoded again, now that the codec knows its columns. */
        default T redecode(T item) { return item; }

        /** About how much memory holding the item takes. */
        default long bytes(T item) { return 0; }

        /** For the log: what a named record's learned columns leave out of it (text fields), or null. */
        default String leftOut(T item) { return null; }
    }

    private final RecordCodec codec;
    private final int votes, maxHeld;
    private final long maxHeldBytes;
    private final Items<T> items;
    private final Consumer<String> log, warn;
    private final List<T> held = new ArrayList<>();
    private final Map<Object, Integer> lengths = new LinkedHashMap<>();   // length or field list → votes, in the order first seen
    private int parsed;
    private long heldBytes;

    /** log (may be null) hears one line per decision. */
    DimensionVote(RecordCodec codec, int votes, int maxHeld, long maxHeldBytes, Items<T> items, Consumer<String> log) {
        this(codec, votes, maxHeld, maxHeldBytes, items, log, log);
    }

    /** warn (may be null) hears what a decision leaves out of the records (their text fields). */
    DimensionVote(RecordCodec codec, int votes, int maxHeld, long maxHeldBytes, Items<T> items, Consumer<String> log, Consumer<String> warn) {
        if (votes < 1 || maxHeld < votes) throw new IllegalArgumentException("need 1 <= votes <= maxHeld, got " + votes + " and " + maxHeld);
        this.codec = codec;
        this.votes = votes;
        this.maxHeld = maxHeld;
        this.maxHeldBytes = maxHeldBytes;
        this.items = items;
        this.log = log == null ? line -> {} : log;
        this.warn = warn == null ? line -> {} : warn;
    }

    /** The items that may go on now, in order: none while a vote is open, everything it held once it decides. */
    List<T> offer(T item) {
        int dimension = codec.dimension();
        if (dimension > 0) {
            if (held.isEmpty()) return List.of(check(item, dimension));
            held.add(item);   // the partitioner's dimension arrived while a vote was open
            return release(dimension);
        }
        double[] vector = items.vector(item);
        if (vector == null && held.isEmpty()) return List.of(item);
        held.add(item);
        heldBytes += items.bytes(item);
        if (vector != null) {
            parsed++;
            java.util.List<String> fields = items.fields(item);
            lengths.merge(fields != null ? fields : (Object) vector.length, 1, Integer::sum);
        }
        if (parsed < votes && held.size() < maxHeld && heldBytes < maxHeldBytes) return List.of();
        Object winner = winner();
        if (winner instanceof java.util.List<?> fields) {
            @SuppressWarnings("unchecked") java.util.List<String> names = (java.util.List<String>) fields;
            String leftOut = held.stream().filter(h -> names.equals(items.fields(h))).findFirst().map(items::leftOut).orElse(null);
            java.util.List<String> decided = codec.learnColumns(names);
            log.accept("input fields " + io.scorestream.io.JsonRecords.brief(decided)
                    + (decided.equals(names) ? "" : " (not the vote's " + io.scorestream.io.JsonRecords.brief(names) + ": already known)")
                    + " from a vote of the first " + parsed + " records that parse, by columns " + votesShown());
            if (leftOut != null) warn.accept(leftOutLine(decided, leftOut));
            return release(codec.dimension());
        }
        int decided = codec.learn((Integer) winner);
        log.accept("input dimension " + decided + (decided == (Integer) winner ? "" : " (not the vote's " + winner + ": already known)")
                + " from a vote of the first " + parsed + " records that parse, by length " + lengths);
        return release(decided);
    }

    /** The warning when a named record's learned columns leave some of its fields out: data the model will not hold, said where a user sees it. */
    static String leftOutLine(java.util.List<String> learned, String leftOut) {
        return "input fields " + io.scorestream.io.JsonRecords.brief(learned) + " learned; of such a record " + leftOut;
    }

    /** The votes by columns, each set of names cut short (an embedding's would make a line of 10 kB). */
    private String votesShown() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<Object, Integer> e : lengths.entrySet()) {
            if (out.length() > 1) out.append(", ");
            @SuppressWarnings("unchecked") Object shown = e.getKey() instanceof List<?> names ? io.scorestream.io.JsonRecords.brief((List<String>) names) : e.getKey();
            out.append(shown).append('=').append(e.getValue());
        }
        return out.append('}').toString();
    }

    /** Items held now (tests). */
    int held() {
        return held.size();
    }

    private Object winner() {
        Object best = null;
        int count = 0;
        for (Map.Entry<Object, Integer> e : lengths.entrySet())
            if (e.getValue() > count) {
                best = e.getKey();
                count = e.getValue();
            }
        return best;
    }

    private List<T> release(int dimension) {
        List<T> out = new ArrayList<>(held.size());
        for (T item : held) out.add(check(item, dimension));
        held.clear();
        lengths.clear();
        parsed = 0;
        heldBytes = 0;
        return out;
    }

    private T check(T item, int dimension) {
        // A provisional object, or a provisional array while the columns are named, decodes again under the decided columns.
        if (items.fields(item) != null || (codec.named() && items.provisional(item))) return items.redecode(item);
        double[] vector = items.vector(item);
        if (vector == null || vector.length == dimension) return item;
        return items.asBad(item, RecordCodec.wrongDimension(dimension, vector.length));
    }
}
