package dev.pyrometer.storage.contract;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.SeriesName;
import dev.pyrometer.storage.testing.SymbolCounts;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four writers store every capture into the same series at the same times, under different upload
 * ids, all at once: they race to create the series, the symbols, the day partition and the rollup
 * marks, and every snapshot must still be stored exactly once.
 */
public abstract class ConcurrentWriteContract extends StoreContract {
    private static final int THREADS = 4;

    @Test
    void fourThreadsSharingOneWriter() throws Exception {
        ProfileWriter shared = store.writer();
        writeConcurrentlyAndCheck(thread -> shared);
    }

    @Test
    void fourReplicasWithTheirOwnCaches() throws Exception {
        List<ProfileWriter> writers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            writers.add(store.newWriter());
        }
        writeConcurrentlyAndCheck(writers::get);
    }

    private void writeConcurrentlyAndCheck(IntFunction<ProfileWriter> writerOfThread) throws Exception {
        List<SeriesProfile> oneCopy = new ArrayList<>();
        Fixtures.allCaptures().forEach(name -> oneCopy.addAll(Captures.split(name, "shared", 0)));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<WriteOutcome>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    ProfileWriter writer = writerOfThread.apply(thread);
                    start.await();
                    List<WriteOutcome> outcomes = new ArrayList<>();
                    for (int round = 1; round <= Fixtures.ROUNDS; round++) {
                        List<Upload> batch = new ArrayList<>();
                        for (String kind : Fixtures.KINDS) {
                            String name = kind + "-" + round + ".pb.gz";
                            batch.add(Store.upload("thread-" + thread + "-" + name, Captures.split(name, "shared", 0)));
                        }
                        outcomes.addAll(writer.write(batch));
                    }
                    return outcomes;
                }));
            }
            for (Future<List<WriteOutcome>> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).hasSize(Fixtures.allCaptures().size()).containsOnly(WriteOutcome.STORED);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<SeriesName> series = new HashSet<>();
        Set<Long> minutes = new HashSet<>();
        oneCopy.forEach(profile -> {
            series.add(SeriesName.of(profile));
            minutes.add(Math.floorDiv(profile.timeNanos(), 60_000_000_000L));
        });
        assertThat(store.count("SELECT count(*) FROM profile")).isEqualTo((long) THREADS * oneCopy.size());
        assertThat(store.count("SELECT count(DISTINCT (series_id, time, receipt)) FROM profile")).isEqualTo((long) THREADS * oneCopy.size());
        assertThat(store.seriesIds().keySet()).containsExactlyInAnyOrderElementsOf(series);
        assertThat(SymbolCounts.stored(store)).isEqualTo(SymbolCounts.expected(oneCopy));
        assertThat(store.count("SELECT count(*) FROM tenant")).isEqualTo(1);
        assertThat(store.count("SELECT count(*) FROM rollup_pending WHERE tier = 1")).isEqualTo(minutes.size());
    }
}
