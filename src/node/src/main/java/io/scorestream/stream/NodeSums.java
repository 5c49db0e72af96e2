package io.scorestream.stream;

import io.scorestream.regression.CellStatistics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One round's node reports on the partition-local path: each node's partitions summed on the node,
 * with the prefix of every partition in its sum (its claims). They make a model only if no
 * partition is in two sums (a rebalance can leave a former owner and the new one both claiming it),
 * none is behind the last model, and every partition the planner knows of (in the last model, or
 * with a snapshot or report) is in one; then the model is the sum of the sums (RELIABILITY.md P5).
 * Otherwise the planner takes that version from per-partition reports.
 */
final class NodeSums {
    private final int levels;
    private final Map<Object, Sum> byNode = new HashMap<>();

    private record Sum(Map<Integer, RecordPlanner.PartitionCount> claims, SlicedStatistics levels) {}

    NodeSums(int levels) { this.levels = levels; }

    /** A slice of one node's sum (node: its learner). */
    void add(Object node, Map<Integer, RecordPlanner.PartitionCount> claims, int firstLevel, int slices, CellStatistics[][] statistics) {
        byNode.computeIfAbsent(node, n -> new Sum(Map.copyOf(claims), new SlicedStatistics(levels, slices))).levels().take(firstLevel, statistics);
    }

    private List<Sum> complete() {
        return byNode.values().stream().filter(s -> s.levels().whole()).toList();
    }

    /** Every complete sum's claims, by partition (with a conflict: the last one's). */
    Map<Integer, RecordPlanner.PartitionCount> claims() {
        Map<Integer, RecordPlanner.PartitionCount> out = new TreeMap<>();
        for (Sum s : complete()) out.putAll(s.claims());
        return out;
    }

    /**
     * Why the complete sums cannot make the model that follows one at these offsets, or null if they
     * can. known: the partitions the planner holds a snapshot or report of (a model without one of
     * them would leave out a prefix it could have had).
     */
    String conflict(Map<Integer, Long> published, Set<Integer> known) {
        Map<Integer, Long> claimed = new TreeMap<>();
        for (Sum s : complete())
            for (Map.Entry<Integer, RecordPlanner.PartitionCount> e : s.claims().entrySet())
                if (claimed.put(e.getKey(), e.getValue().next()) != null)
                    return "partition " + e.getKey() + " is in two nodes' sums (a rebalance under way)";
        for (Map.Entry<Integer, Long> e : published.entrySet()) {
            Long at = claimed.get(e.getKey());
            if (at == null) return "partition " + e.getKey() + " is in the last model but in no node's sum";
            if (at < e.getValue()) return "partition " + e.getKey() + " is at " + at + ", behind the last model's " + e.getValue();
        }
        for (int p : known)
            if (!claimed.containsKey(p)) return "partition " + p + " has a report or snapshot but is in no node's sum";
        return null;
    }

    /**
     * The sum of the complete sums, added into the first: each arrived fresh from its node (a copy
     * made for the message, or read off the wire) and nothing else holds it.
     */
    CellStatistics[][] sum() {
        List<Sum> sums = complete();
        CellStatistics[][] into = sums.get(0).levels().statistics;
        for (Sum s : sums.subList(1, sums.size()))
            for (int j = 0; j < levels; j++)
                for (int c = 0; c < into[j].length; c++) into[j][c].merge(s.levels().statistics[j][c]);
        return into;
    }
}
