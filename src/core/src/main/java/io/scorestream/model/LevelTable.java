package io.scorestream.model;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A model's levels: all given at once, or decoded one by one on first use. A `sample` on 40
 * levels of a 200-level model file then decodes 40 (PERFORMANCE.md §19). Safe for the sampler's
 * threads: a level is decoded once, and a decoded level is seen whole by every thread.
 */
final class LevelTable {
    /** Decodes level j. */
    interface Decoder { LevelModel decode(int level); }

    private final AtomicReferenceArray<LevelModel> levels;
    private final Decoder decoder;   // null when every level was given

    private LevelTable(AtomicReferenceArray<LevelModel> levels, Decoder decoder) {
        this.levels = levels;
        this.decoder = decoder;
    }

    static LevelTable of(LevelModel[] given) {
        return new LevelTable(new AtomicReferenceArray<>(given), null);
    }

    static LevelTable lazy(int count, Decoder decoder) {
        return new LevelTable(new AtomicReferenceArray<>(count), decoder);
    }

    int size() { return levels.length(); }

    int decodedCount() {
        int count = 0;
        for (int j = 0; j < levels.length(); j++) if (levels.get(j) != null) count++;
        return count;
    }

    LevelModel get(int j) {
        LevelModel level = levels.get(j);
        if (level != null) return level;
        synchronized (this) {   // the first use of each level only; later reads take the line above
            level = levels.get(j);
            if (level == null) {
                level = decoder.decode(j);
                levels.set(j, level);
            }
            return level;
        }
    }
}
