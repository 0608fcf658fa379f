package io.flowpolicy.streams.state;

import static io.flowpolicy.streams.store.BinaryFields.readAddresses;
import static io.flowpolicy.streams.store.BinaryFields.readInstant;
import static io.flowpolicy.streams.store.BinaryFields.readPeer;
import static io.flowpolicy.streams.store.BinaryFields.readText;
import static io.flowpolicy.streams.store.BinaryFields.writeAddresses;
import static io.flowpolicy.streams.store.BinaryFields.writeInstant;
import static io.flowpolicy.streams.store.BinaryFields.writePeer;
import static io.flowpolicy.streams.store.BinaryFields.writeText;

import io.flowpolicy.model.Peer;
import io.flowpolicy.streams.store.BinaryStoreSerde;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** The value formats of the tracker's stores (docs/state.md). */
public final class TrackerSerdes {
    private TrackerSerdes() {
    }

    /** The {@value DestinationTracker#DESTINATIONS_STORE} store: one rule since observation start. */
    public static Serde<DestinationStats> destinations() {
        return new BinaryStoreSerde<>("destination", DestinationStats.class, (out, s) -> {
            writePeer(out, s.peer(), true);
            writeText(out, s.protocol());
            out.writeInt(s.port());
            writeInstant(out, s.firstSeen());
            writeInstant(out, s.lastSeen());
            out.writeLong(s.count());
            writeText(out, s.sourceWorkload());
            writeAddresses(out, s.peer());
        }, in -> {
            Peer peer = readPeer(in, true);
            String protocol = readText(in);
            int port = in.readInt();
            Instant first = readInstant(in);
            Instant last = readInstant(in);
            long count = in.readLong();
            String sourceWorkload = readText(in);
            return new DestinationStats(readAddresses(in, peer), protocol, port, first, last, count, sourceWorkload);
        });
    }

    /** The {@value DestinationTracker#DAILY_STORE} store: one rule on one day. */
    public static Serde<DailyStats> daily() {
        return new BinaryStoreSerde<>("daily destination", DailyStats.class, (out, s) -> {
            writeInstant(out, s.firstSeen());
            writeInstant(out, s.lastSeen());
            out.writeLong(s.count());
        }, in -> new DailyStats(readInstant(in), readInstant(in), in.readLong()));
    }

    /** The {@value DestinationTracker#ACTIVITY_STORE} store: the days a namespace was seen. */
    public static Serde<NamespaceActivity> activity() {
        return new BinaryStoreSerde<>("namespace activity", NamespaceActivity.class, (out, a) -> {
            out.writeInt(a.days().size());
            for (LocalDate day : a.days()) {
                out.writeLong(day.toEpochDay());
            }
        }, in -> {
            int count = in.readInt();
            List<LocalDate> days = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                days.add(LocalDate.ofEpochDay(in.readLong()));
            }
            return new NamespaceActivity(days);
        });
    }
}
