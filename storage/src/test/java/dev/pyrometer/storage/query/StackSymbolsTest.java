package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Summed payloads turn back into the profiles that were stored: stack ids resolve to the original frames, leaf first. */
class StackSymbolsTest {
    private static final Instant AT = Instant.parse("2026-08-10T09:00:00Z");

    private Store store;
    private List<SeriesProfile> heap;

    @BeforeEach
    void open() throws Exception {
        store = Store.create();
        heap = Captures.split("heap-3.pb.gz", "api", AT);
        store.write(Store.upload("heap", heap));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void profilesOfAWindowAreTheStoredProfiles() throws Exception {
        SeriesCatalog catalog = new SeriesCatalog(store.dataSource());
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        List<SeriesInfo> series = catalog.series(tenantId, null, null);
        Map<Long, SeriesInfo> byId = new HashMap<>();
        series.forEach(info -> byId.put(info.id(), info));
        long from = micros(AT);
        WindowRead read = new WindowReader(store.dataSource()).read(tenantId, series.stream().mapToLong(SeriesInfo::id).toArray(), from, from + 1);

        List<SeriesProfile> profiles = new StackSymbols(store.dataSource(), 10_000).profiles(tenantId, read.series(), byId, 123, 456);

        assertThat(profiles).hasSize(heap.size());
        for (SeriesProfile profile : profiles) {
            SeriesProfile stored = heap.stream().filter(p -> p.type().equals(profile.type())).findFirst().orElseThrow();
            Map<List<Frame>, Long> expected = new HashMap<>(stored.valuesByStack());
            expected.values().removeIf(value -> value == 0);
            assertThat(profile.valuesByStack()).as("%s", profile.type()).isEqualTo(expected);
            assertThat(profile.labels()).isEqualTo(stored.labels());
            assertThat(profile.period()).isEqualTo(stored.period());
            assertThat(profile.timeNanos()).isEqualTo(123);
            assertThat(profile.durationNanos()).isEqualTo(456);
            assertThat(profile.frames()).as("one frame table for all").isSameAs(profiles.get(0).frames());
        }
    }

    @Test
    void resolvedStacksAreCachedAndAMissingStackIsAnError() throws Exception {
        int tenantId = new SeriesCatalog(store.dataSource()).tenantId(Store.TENANT).orElseThrow();
        Set<Long> ids = new HashSet<>(store.query("SELECT id FROM symbol_stack", rows -> rows.getLong(1)));
        Set<List<Frame>> stacks = new HashSet<>();
        heap.forEach(profile -> stacks.addAll(profile.valuesByStack().keySet()));
        StackSymbols symbols = new StackSymbols(store.dataSource(), 100_000);

        Map<Long, List<Frame>> resolved = symbols.resolve(tenantId, ids);
        assertThat(new HashSet<>(resolved.values())).isEqualTo(stacks);
        assertThat(resolved).hasSize(ids.size());

        store.execute("DELETE FROM symbol_stack");
        assertThat(symbols.resolve(tenantId, ids)).as("stacks never change once stored, so the cache answers").isEqualTo(resolved);
        assertThatThrownBy(() -> new StackSymbols(store.dataSource(), 100_000).resolve(tenantId, Set.of(ids.iterator().next())))
                .hasMessageContaining("is missing from symbol_stack");
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
