package io.flowpolicy.streams.dns;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.flowpolicy.streams.store.BinaryFields;
import io.flowpolicy.streams.store.BinaryStoreSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Every time range of one pod's queries for one name that resolved to one address ({@link QueryInterval}), oldest
 * first, each more than a window from the next. All of them are kept, not only the latest: {@code analyze} and a
 * backfill hand the naming step a pod's queries of a whole range before the flows they preceded, so a query a day
 * later must not take the name from the flows of the day before. At most {@value #MAX_RANGES} ranges are kept (the
 * oldest go first): a pod that asks for a name every six minutes, just past the window, for two weeks.
 */
public record QueryRanges(List<QueryInterval> ranges) {
    static final int MAX_RANGES = 4096;

    public QueryRanges {
        ranges = List.copyOf(ranges);
    }

    /** From JSON: a list of ranges, or the single range that releases before several ranges kept. */
    @JsonCreator
    static QueryRanges fromJson(@JsonProperty("ranges") List<QueryInterval> ranges,
                                @JsonProperty("from") Instant from, @JsonProperty("to") Instant to) {
        return new QueryRanges(ranges != null ? ranges : List.of(new QueryInterval(from, to)));
    }

    static QueryRanges of(Instant query) {
        return new QueryRanges(List.of(new QueryInterval(query, query)));
    }

    /** These ranges with a query at {@code at}, joined to every range it is within a window of; this instance when a
     * range already holds it. */
    QueryRanges with(Instant at, Duration window) {
        QueryInterval query = new QueryInterval(at, at);
        List<QueryInterval> before = new ArrayList<>();
        List<QueryInterval> after = new ArrayList<>();
        QueryInterval joined = query;
        for (QueryInterval range : ranges) {
            if (!range.from().isAfter(at) && !range.to().isBefore(at)) {
                return this;
            }
            if (range.touches(joined, window)) {
                joined = joined.union(range);
            } else if (range.to().isBefore(joined.from())) {
                before.add(range);
            } else {
                after.add(range);
            }
        }
        List<QueryInterval> all = new ArrayList<>(before);
        all.add(joined);
        all.addAll(after);
        return new QueryRanges(all.size() > MAX_RANGES ? all.subList(all.size() - MAX_RANGES, all.size()) : all);
    }

    /** The range with a query at most {@code window} before a flow at {@code t}, if any. */
    Optional<QueryInterval> covering(Instant t, Duration window) {
        for (int i = ranges.size() - 1; i >= 0; i--) {
            if (ranges.get(i).covers(t, window)) {
                return Optional.of(ranges.get(i));
            }
        }
        return Optional.empty();
    }

    /** The {@value NameAttributor#QUERIED_STORE} store's values: a count, then each range's two instants. */
    static Serde<QueryRanges> serde() {
        return new BinaryStoreSerde<>("dns query ranges", QueryRanges.class, (out, value) -> {
            out.writeInt(value.ranges.size());
            for (QueryInterval range : value.ranges) {
                BinaryFields.writeInstant(out, range.from());
                BinaryFields.writeInstant(out, range.to());
            }
        }, in -> {
            int count = in.readInt();
            List<QueryInterval> ranges = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ranges.add(new QueryInterval(BinaryFields.readInstant(in), BinaryFields.readInstant(in)));
            }
            return new QueryRanges(ranges);
        });
    }
}
