package io.scorestream.schedule;

import java.util.Arrays;

/** A schedule given by its list of OU times; the concrete grids only differ in how they build it. */
public class TimeGrid implements NoiseSchedule {
    private final String name;
    private final double[] times;

    public TimeGrid(String name, double[] times) {
        if (times.length < 2) throw new IllegalArgumentException(name + ": a schedule needs at least 2 levels, got " + times.length);
        for (int i = 0; i < times.length; i++) {
            if (!(times[i] > 0) || !Double.isFinite(times[i]))
                throw new IllegalArgumentException(name + ": level " + i + " has time " + times[i] + ", expected a positive finite number");
            if (i > 0 && !(times[i] > times[i - 1]))
                throw new IllegalArgumentException(name + ": times must increase strictly, level " + i + " has " + times[i] + " after " + times[i - 1]);
        }
        this.name = name;
        this.times = times.clone();
    }

    @Override public final int size() { return times.length; }
    @Override public final double time(int level) { return times[level]; }
    @Override public final String name() { return name; }
    @Override public final double[] times() { return times.clone(); }

    @Override public String toString() {
        return name + "[" + times.length + " levels, t " + times[0] + " .. " + times[times.length - 1] + "]";
    }

    @Override public boolean equals(Object o) {
        return o instanceof TimeGrid g && Arrays.equals(times, g.times);
    }

    @Override public int hashCode() { return Arrays.hashCode(times); }
}
