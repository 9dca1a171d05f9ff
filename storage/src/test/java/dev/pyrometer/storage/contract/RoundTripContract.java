package dev.pyrometer.storage.contract;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.read.StoredProfile;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.SeriesName;
import dev.pyrometer.storage.write.Receipts;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What is written is read back equal: series, time (to the microsecond), duration, period, values by stack. */
public abstract class RoundTripContract extends StoreContract {
    private static final long DAY_NANOS = 86_400_000_000_000L;

    @Test
    void everyGoCaptureReadsBackAsWritten() throws Exception {
        Map<Snapshot, Expected> expected = writeEveryCapture();

        Map<Snapshot, StoredProfile> actual = readEverything(expected.values().iterator().next().profile.timeNanos());

        assertThat(store.count("SELECT count(*) FROM profile")).isEqualTo(expected.size());
        assertThat(store.count("SELECT count(*) FROM profile WHERE get_byte(payload, 0) <> ?", PayloadCodec.FORMAT_SCALED))
                .as("rows in a format other than the current one").isZero();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((snapshot, want) -> assertSameSnapshot(actual.get(snapshot), want));
    }

    @Test
    void rowsStoredInTheFirstPayloadFormatReadBackAsWritten() throws Exception {
        Map<Snapshot, Expected> expected = writeEveryCapture();
        // Every other row goes back to payload format 1, as rows stored before format 2 existed are.
        List<Store.RawRow> rows = store.rawRows();
        try (Connection connection = store.dataSource().getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE profile SET payload = ? WHERE series_id = ? AND time = timestamptz 'epoch' + ? * interval '1 microsecond' AND receipt = ?")) {
            for (int i = 0; i < rows.size(); i += 2) {
                Store.RawRow row = rows.get(i);
                update.setBytes(1, PayloadCodec.encode(row.payload(), PayloadCodec.FORMAT_PLAIN));
                update.setLong(2, row.seriesId());
                update.setLong(3, row.micros());
                update.setLong(4, row.receipt());
                assertThat(update.executeUpdate()).isOne();
            }
        }
        assertThat(store.count("SELECT count(*) FROM profile WHERE get_byte(payload, 0) = ?", PayloadCodec.FORMAT_PLAIN))
                .isEqualTo((rows.size() + 1) / 2);

        Map<Snapshot, StoredProfile> actual = readEverything(expected.values().iterator().next().profile.timeNanos());

        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((snapshot, want) -> assertSameSnapshot(actual.get(snapshot), want));
    }

    /** Writes the six rounds of Go captures, one batch per round, and returns what each snapshot should read back as. */
    private Map<Snapshot, Expected> writeEveryCapture() throws Exception {
        assertThat(Fixtures.proto("cpu-1.pb.gz").getLocationList())
                .as("the captures exercise inline frames").anyMatch(location -> location.getLineCount() > 1);
        Map<Snapshot, Expected> expected = new HashMap<>();
        List<Long> writtenNanos = new ArrayList<>();
        for (int round = 1; round <= Fixtures.ROUNDS; round++) {
            List<Upload> batch = new ArrayList<>();
            for (String kind : Fixtures.KINDS) {
                String name = kind + "-" + round + ".pb.gz";
                LabelSet labels = Captures.labels("service_name", "seedapp", "env", "test", "endpoint", kind);
                Upload upload = Store.upload("upload-" + name, Captures.split(name, labels, 0));
                batch.add(upload);
                for (SeriesProfile profile : upload.series()) {
                    writtenNanos.add(profile.timeNanos());
                    Expected previous = expected.put(Snapshot.of(profile), new Expected(profile, Receipts.of(upload.id())));
                    assertThat(previous).as("two snapshots of one series at one time in %s", name).isNull();
                }
            }
            assertThat(store.writer().write(batch)).containsOnly(WriteOutcome.STORED).hasSize(Fixtures.KINDS.size());
        }
        assertThat(writtenNanos).as("some times carry sub-microsecond digits").anyMatch(nanos -> nanos % 1000 != 0);
        return expected;
    }

    @Test
    void edgeCasesReadBackAsWritten() throws Exception {
        FrameTable frames = new FrameTable();
        int leaf = frames.intern(new Frame("main.work", "/src/main.go", 42));
        int caller = frames.intern(new Frame("main.main", "/src/main.go", 7));
        int address = frames.intern(new Frame("0x4a3f10", "", 0));
        int unicode = frames.intern(new Frame("παράδειγμα.λ\"\\", "/tmp/ü dir/x.go", Long.MAX_VALUE));
        ProfileType type = ProfileType.parse("memory:alloc_space:bytes:space:bytes");
        long time = 1_777_777_777_123_456_789L;
        SeriesProfile odd = new SeriesProfile(type, Captures.labels("service_name", "edge"), time, 0, -1, frames,
                new int[][] {{}, {leaf, caller}, {address, caller}, {unicode}, {leaf, leaf, leaf}},
                new long[] {-5, 1L << 40, 3, -(1L << 50), 1});
        SeriesProfile empty = new SeriesProfile(type, Captures.labels("service_name", "edge", "pod", "b"), time, 10, 1,
                new FrameTable(), new int[0][], new long[0]);

        assertThat(store.write(Store.upload("edge", List.of(odd, empty)))).containsExactly(WriteOutcome.STORED);

        Map<Snapshot, StoredProfile> actual = readEverything(time);
        assertThat(actual).hasSize(2);
        assertSameSnapshot(actual.get(Snapshot.of(odd)), new Expected(odd, Receipts.of("edge")));
        assertSameSnapshot(actual.get(Snapshot.of(empty)), new Expected(empty, Receipts.of("edge")));
        assertThat(store.rawRows()).extracting(Store.RawRow::total).containsExactlyInAnyOrder(odd.total(), 0L);
    }

    /** Every stored snapshot within a day of {@code aroundNanos}, read back through the reader, series by series. */
    private Map<Snapshot, StoredProfile> readEverything(long aroundNanos) throws Exception {
        Map<Snapshot, StoredProfile> actual = new HashMap<>();
        for (Map.Entry<SeriesName, Long> series : store.seriesIds().entrySet()) {
            for (StoredProfile stored : store.reader().read(series.getValue(), aroundNanos - DAY_NANOS, aroundNanos + DAY_NANOS)) {
                assertThat(stored.seriesId()).isEqualTo(series.getValue());
                assertThat(SeriesName.of(stored.profile())).isEqualTo(series.getKey());
                StoredProfile previous = actual.put(Snapshot.of(stored.profile()), stored);
                assertThat(previous).as("read twice: %s", stored).isNull();
            }
        }
        return actual;
    }

    private static void assertSameSnapshot(StoredProfile stored, Expected want) {
        SeriesProfile read = stored.profile();
        SeriesProfile written = want.profile;
        assertThat(stored.receipt()).isEqualTo(want.receipt);
        assertThat(read.type()).isEqualTo(written.type());
        assertThat(read.labels()).isEqualTo(written.labels());
        assertThat(read.timeNanos()).isEqualTo(Math.floorDiv(written.timeNanos(), 1000) * 1000);
        assertThat(read.durationNanos()).isEqualTo(written.durationNanos());
        assertThat(read.period()).isEqualTo(written.period());
        assertThat(read.stackCount()).isEqualTo(written.stackCount());
        assertThat(read.total()).isEqualTo(written.total());
        assertThat(read.valuesByStack()).isEqualTo(written.valuesByStack());
    }

    /** A snapshot's identity as the reader can observe it: series and time at microsecond precision. */
    private record Snapshot(SeriesName series, long timeNanos) {
        static Snapshot of(SeriesProfile profile) {
            return new Snapshot(SeriesName.of(profile), Math.floorDiv(profile.timeNanos(), 1000) * 1000);
        }
    }

    private record Expected(SeriesProfile profile, long receipt) {
    }
}
