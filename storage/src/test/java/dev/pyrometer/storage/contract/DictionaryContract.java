package dev.pyrometer.storage.contract;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.SymbolCounts;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Symbols are stored once per tenant, whatever the series; warm writes resolve them from the caches. */
public abstract class DictionaryContract extends StoreContract {
    private static final long T = 1_772_400_000_000_000_000L;

    @Test
    void theSameCaptureUnderThreeServicesAddsNoSymbolsAfterTheFirst() throws Exception {
        ProfileWriter writer = store.writer();
        SymbolResolver symbols = writer.symbols();
        List<SeriesProfile> first = Captures.split("cpu-4.pb.gz", "svc-a", T);
        SymbolCounts perCapture = SymbolCounts.expected(first);

        store.write(Store.upload("a", first));
        assertThat(SymbolCounts.stored(store)).isEqualTo(perCapture);
        assertThat(SymbolCounts.misses(symbols)).isEqualTo(perCapture.sum());
        assertThat(SymbolCounts.hits(symbols)).isZero();

        for (String service : List.of("svc-b", "svc-c")) {
            long hits = SymbolCounts.hits(symbols);
            assertThat(store.write(Store.upload(service, Captures.split("cpu-4.pb.gz", service, T))))
                    .containsExactly(WriteOutcome.STORED);
            assertThat(SymbolCounts.stored(store)).isEqualTo(perCapture);
            assertThat(SymbolCounts.hits(symbols) - hits).as("every symbol from the cache").isEqualTo(perCapture.sum());
            assertThat(SymbolCounts.misses(symbols)).isEqualTo(perCapture.sum());
        }
        assertThat(store.count("SELECT count(*) FROM series")).isEqualTo(3L * first.size());
        assertThat(store.count("SELECT count(*) FROM profile")).isEqualTo(3L * first.size());
    }

    @Test
    void aColdWriterFindsTheStoredSymbolsInsteadOfAddingThem() throws Exception {
        List<SeriesProfile> heap = Captures.split("heap-5.pb.gz", "svc-a", T);
        store.write(Store.upload("a", heap));
        ProfileWriter cold = store.newWriter();

        cold.write(List.of(Store.upload("b", Captures.split("heap-5.pb.gz", "svc-b", T))));

        SymbolCounts expected = SymbolCounts.expected(heap);
        assertThat(SymbolCounts.stored(store)).isEqualTo(expected);
        assertThat(SymbolCounts.misses(cold.symbols())).isEqualTo(expected.sum());
        assertThat(cold.symbols().dictionaries()).allSatisfy(d -> assertThat(d.cachedEntries()).isPositive());
    }

    @Test
    void capturesSharingCodeShareSymbols() throws Exception {
        List<SeriesProfile> cpu = Captures.split("cpu-1.pb.gz", "svc-a", T);
        List<SeriesProfile> heap = Captures.split("heap-1.pb.gz", "svc-a", T);
        List<SeriesProfile> goroutine = Captures.split("goroutine-1.pb.gz", "svc-a", T);

        store.write(Store.upload("cpu", cpu), Store.upload("heap", heap));
        store.write(Store.upload("goroutine", goroutine));

        List<SeriesProfile> all = new ArrayList<>(cpu);
        all.addAll(heap);
        all.addAll(goroutine);
        SymbolCounts union = SymbolCounts.expected(all);
        assertThat(SymbolCounts.stored(store)).isEqualTo(union);
        assertThat(union.functions()).as("the captures share functions, e.g. runtime.main")
                .isLessThan(SymbolCounts.expected(cpu).functions() + SymbolCounts.expected(heap).functions()
                        + SymbolCounts.expected(goroutine).functions());
    }
}
