package io.flowpolicy.local.generate;

import java.time.Instant;
import java.util.List;

/**
 * What one namespace sends: its source pods over time, its destinations and how busy it is.
 *
 * @param sources  the namespace's sending pods, at most one running at any instant, ordered by start
 * @param activity the namespace's share of the rate; the mean over all namespaces is 1
 * @param startDay the first day (0-based) the namespace sends anything; later than 0 for newly deployed ones
 */
record NamespacePlan(String namespace, List<SyntheticPod> sources, List<Destination> destinations, double activity,
                     int startDay) {

    NamespacePlan {
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
    }

    /** The pod sending at that instant, or null before the first one starts. */
    SyntheticPod sourceAt(Instant at) {
        for (SyntheticPod pod : sources) {
            if (pod.runsAt(at)) {
                return pod;
            }
        }
        return null;
    }
}
