package io.vitessreplicator.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MySQL GTID set ({@code uuid:1-5:7,uuid2:1-3}, as {@code @@global.gtid_purged} prints it, or
 * with Vitess's {@code MySQL56/} flavor prefix, as VStream positions carry it), reduced to what the
 * position check and {@code verify} need: the transactions one set holds and another does not.
 */
public final class GtidSet {
    /** Per server uuid (lower case): disjoint, sorted, non-adjacent closed intervals [from, to]. */
    private final Map<String, List<long[]>> intervals;

    private GtidSet(Map<String, List<long[]>> intervals) {
        this.intervals = intervals;
    }

    /**
     * @param text a GTID set, optionally prefixed {@code MySQL56/}; blank is the empty set
     * @throws IllegalArgumentException when it is not a MySQL GTID set (e.g. another flavor)
     */
    public static GtidSet parse(String text) {
        String s = text.strip();
        if (s.startsWith("MySQL56/")) {
            s = s.substring("MySQL56/".length());
        } else if (s.contains("/")) {
            throw new IllegalArgumentException("not a MySQL GTID set: " + text);
        }
        Map<String, List<long[]>> out = new TreeMap<>();
        for (String part : s.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            String[] fields = p.split(":");
            if (fields.length < 2) {
                throw new IllegalArgumentException("not a MySQL GTID set (no interval after the uuid): " + text);
            }
            List<long[]> list = out.computeIfAbsent(fields[0].toLowerCase(), k -> new ArrayList<>());
            for (int i = 1; i < fields.length; i++) {
                String[] range = fields[i].split("-", -1);
                try {
                    long from = Long.parseLong(range[0]);
                    long to = range.length == 1 ? from : Long.parseLong(range[1]);
                    if (range.length > 2 || from < 1 || to < from) {
                        throw new NumberFormatException(fields[i]);
                    }
                    list.add(new long[] {from, to});
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a MySQL GTID set (bad interval " + fields[i] + "): " + text, e);
                }
            }
        }
        out.replaceAll((uuid, list) -> normalize(list));
        return new GtidSet(out);
    }

    /** How many transactions the set holds. */
    public long count() {
        long n = 0;
        for (List<long[]> list : intervals.values()) {
            for (long[] r : list) {
                n += r[1] - r[0] + 1;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** True when this set holds every transaction of {@code other}. */
    public boolean containsAll(GtidSet other) {
        return other.minus(this).isEmpty();
    }

    /** The transactions in this set that {@code other} does not hold. */
    public GtidSet minus(GtidSet other) {
        Map<String, List<long[]>> out = new TreeMap<>();
        intervals.forEach((uuid, mine) -> {
            List<long[]> rest = new ArrayList<>();
            List<long[]> theirs = other.intervals.getOrDefault(uuid, List.of());
            for (long[] m : mine) {
                long from = m[0];
                for (long[] t : theirs) {
                    if (t[1] < from || t[0] > m[1]) {
                        continue;
                    }
                    if (t[0] > from) {
                        rest.add(new long[] {from, t[0] - 1});
                    }
                    from = t[1] + 1;
                    if (from > m[1]) {
                        break;
                    }
                }
                if (from <= m[1]) {
                    rest.add(new long[] {from, m[1]});
                }
            }
            if (!rest.isEmpty()) {
                out.put(uuid, rest);
            }
        });
        return new GtidSet(out);
    }

    private static List<long[]> normalize(List<long[]> list) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : list) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }

    /** MySQL's own notation: {@code uuid:1-5:7,uuid2:3}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        intervals.forEach((uuid, list) -> {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(uuid);
            for (long[] r : list) {
                b.append(':').append(r[0]);
                if (r[1] != r[0]) {
                    b.append('-').append(r[1]);
                }
            }
        });
        return b.toString();
    }
}
