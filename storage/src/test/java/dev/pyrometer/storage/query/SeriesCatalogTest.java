package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Finding series by tenant, profile type and service, with their labels, and which have data in a window. */
class SeriesCatalogTest {
    private static final Instant AT = Instant.parse("2026-08-03T10:00:00.000250Z");
    private static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static final String SAMPLES = "process_cpu:samples:count:cpu:nanoseconds";
    private static final String GOROUTINE = "goroutine:goroutine:count:goroutine:count";

    private Store store;
    private SeriesCatalog catalog;

    @BeforeEach
    void open() throws Exception {
        store = Store.create();
        catalog = new SeriesCatalog(store.dataSource());
        store.writer().write(List.of(
                new Upload("acme", "1", Captures.split("cpu-1.pb.gz", Captures.labels("service_name", "api", "pod", "api-1", "env", "prod"), nanos(AT))),
                new Upload("acme", "2", Captures.split("goroutine-1.pb.gz", Captures.labels("service_name", "api", "pod", "api-2"), nanos(AT.plusSeconds(60)))),
                new Upload("acme", "3", Captures.split("goroutine-2.pb.gz", Captures.labels("service_name", "web"), nanos(AT.plusSeconds(3_600)))),
                new Upload("globex", "4", Captures.split("goroutine-3.pb.gz", Captures.labels("service_name", "api"), nanos(AT)))));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tenantsAreFoundByNameAndUnknownOnesAreEmpty() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        int globex = catalog.tenantId("globex").orElseThrow();
        assertThat(acme).isNotEqualTo(globex);
        assertThat(catalog.tenantId("initech")).isEmpty();
        assertThat(catalog.tenantId("ACME")).as("names are case-sensitive").isEmpty();
    }

    @Test
    void seriesAreNarrowedByTypeAndServiceAndCarryTheirLabels() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        List<SeriesInfo> all = catalog.series(acme, null, null);
        assertThat(all).extracting(info -> info.type().id() + " " + info.labels()).containsExactlyInAnyOrder(
                CPU + " {env=\"prod\", pod=\"api-1\", service_name=\"api\"}",
                SAMPLES + " {env=\"prod\", pod=\"api-1\", service_name=\"api\"}",
                GOROUTINE + " {pod=\"api-2\", service_name=\"api\"}",
                GOROUTINE + " {service_name=\"web\"}");
        assertThat(all).extracting(SeriesInfo::tenantId).containsOnly(acme);
        assertThat(all).extracting(SeriesInfo::id).isSorted();

        assertThat(catalog.series(acme, GOROUTINE, null)).extracting(info -> info.labels().get("service_name")).containsExactly("api", "web");
        assertThat(catalog.series(acme, null, "api")).hasSize(3);
        assertThat(catalog.series(acme, CPU, "api")).singleElement().satisfies(info -> {
            assertThat(info.type()).isEqualTo(ProfileType.parse(CPU));
            assertThat(info.labels()).isEqualTo(LabelSet.of(Map.of("service_name", "api", "pod", "api-1", "env", "prod")));
        });
        assertThat(catalog.series(acme, CPU, "web")).isEmpty();
        assertThat(catalog.series(acme, "memory:inuse_space:bytes:space:bytes", null)).isEmpty();

        int globex = catalog.tenantId("globex").orElseThrow();
        assertThat(catalog.series(globex, null, null)).singleElement()
                .satisfies(info -> assertThat(info.labels()).isEqualTo(LabelSet.of(Map.of("service_name", "api"))));
    }

    @Test
    void aListingIsKeptWhileTheCountHoldsAndGainsOnlyTheNewSeries() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        List<SeriesInfo> first = catalog.series(acme, GOROUTINE, "api");
        assertThat(first).extracting(info -> info.labels().get("pod")).containsExactly("api-2");
        // labels never change in practice; changing one here shows whether the kept listing is answered
        store.execute("UPDATE series SET labels = labels || '{\"pod\": \"renamed\"}' WHERE id = " + first.get(0).id());
        assertThat(catalog.series(acme, GOROUTINE, "api")).as("same count: the kept listing").isSameAs(first);

        store.writer().write(List.of(new Upload("acme", "5",
                Captures.split("goroutine-4.pb.gz", Captures.labels("service_name", "api", "pod", "api-3"), nanos(AT)))));
        List<SeriesInfo> grown = catalog.series(acme, GOROUTINE, "api");
        assertThat(grown).as("the kept series as listed, the new one read").extracting(info -> info.labels().get("pod"))
                .containsExactly("api-2", "api-3");
        assertThat(grown).extracting(SeriesInfo::id).isSorted();
        assertThat(new SeriesCatalog(store.dataSource()).series(acme, GOROUTINE, "api")).as("a new catalog reads it all")
                .extracting(info -> info.labels().get("pod")).containsExactly("renamed", "api-3");
    }

    @Test
    void seriesAreFoundById() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        SeriesInfo first = catalog.series(acme, null, null).get(0);
        assertThat(catalog.byId(first.id())).as("without its group's member count").contains(first.withGroupMembers(0));
        assertThat(catalog.byId(first.id() + 1_000)).isEmpty();
    }

    @Test
    void withDataKeepsTheSeriesWithARawSnapshotInTheHalfOpenWindow() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        List<SeriesInfo> all = catalog.series(acme, null, null);
        long[] ids = all.stream().mapToLong(SeriesInfo::id).toArray();
        long cpu = id(all, CPU, "api");
        long samples = id(all, SAMPLES, "api");
        long apiGoroutine = id(all, GOROUTINE, "api");
        long webGoroutine = id(all, GOROUTINE, "web");
        long at = micros(AT);

        assertThat(catalog.withData(ids, at, at + 1)).containsExactlyInAnyOrder(cpu, samples);
        assertThat(catalog.withData(ids, at - 1, at)).as("to is exclusive").isEmpty();
        assertThat(catalog.withData(ids, at + 1, at + 60_000_000)).as("from is inclusive").isEmpty();
        assertThat(catalog.withData(ids, at, at + 60_000_001)).containsExactlyInAnyOrder(cpu, samples, apiGoroutine);
        assertThat(catalog.withData(ids, at, at + 3_600_000_001L)).containsExactlyInAnyOrder(cpu, samples, apiGoroutine, webGoroutine);
        assertThat(catalog.withData(new long[] {webGoroutine}, at, at + 3_600_000_001L)).containsExactly(webGoroutine);
        assertThat(catalog.withData(new long[0], at, at + 3_600_000_001L)).isEmpty();
    }

    @Test
    void aGroupIsReadWholeOnlyWhereTheSelectionHoldsEveryMemberItsListingHad() throws Exception {
        int acme = catalog.tenantId("acme").orElseThrow();
        store.writer().write(List.of(new Upload("acme", "5", Captures.split("goroutine-4.pb.gz",
                Captures.labels("service_name", "api", "pod", "api-3"), nanos(AT.plusSeconds(120))))));
        List<SeriesInfo> pods = catalog.series(acme, GOROUTINE, "api");
        assertThat(pods).hasSize(2).allMatch(info -> info.groupMembers() == 2).extracting(SeriesInfo::groupId).containsOnly(pods.get(0).groupId());
        long group = pods.get(0).groupId();
        // api-2 seen in [10:00, 10:10), api-3 in [10:10, 10:20) as the rollup job records it
        store.execute("UPDATE series SET first_seen = '2026-08-03T10:00:00Z', last_seen = '2026-08-03T10:10:00Z' WHERE id = " + pods.get(0).id());
        store.execute("UPDATE series SET first_seen = '2026-08-03T10:10:00Z', last_seen = '2026-08-03T10:20:00Z' WHERE id = " + pods.get(1).id());
        long ten = micros(Instant.parse("2026-08-03T10:10:00Z"));

        GroupCoverage whole = catalog.coverage(acme, pods, ten - 1, ten + 1);
        assertThat(whole.seriesIds()).isEmpty();
        assertThat(whole.groupOfMember()).containsOnlyKeys(pods.get(0).id(), pods.get(1).id()).containsValues(group);
        assertThat(whole.groups()).extracting(SeriesInfo::id, SeriesInfo::labels).containsExactly(
                tuple(group, LabelSet.of(Map.of("service_name", "api"))));
        assertThat(whole.activeMembers()).isEqualTo(2);
        assertThat(catalog.coverage(acme, pods, ten, ten + 60_000_000).activeMembers()).as("the window's start is inclusive of api-3 only").isEqualTo(1);
        GroupCoverage one = catalog.coverage(acme, pods.subList(0, 1), ten - 1, ten + 1);
        assertThat(one.seriesIds()).containsExactly(pods.get(0).id());
        assertThat(one.groups()).isEmpty();

        // a third pod: the next listing counts it, and a selection of the two others is no longer the whole group
        store.writer().write(List.of(new Upload("acme", "6", Captures.split("goroutine-5.pb.gz",
                Captures.labels("service_name", "api", "pod", "api-4"), nanos(AT.plusSeconds(180))))));
        List<SeriesInfo> three = catalog.series(acme, GOROUTINE, "api");
        assertThat(three).hasSize(3).allMatch(info -> info.groupMembers() == 3);
        assertThat(catalog.series(acme, null, null)).filteredOn(info -> info.groupId() == group).hasSize(3).allMatch(info -> info.groupMembers() == 3);
        assertThat(catalog.coverage(acme, three.subList(0, 2), ten - 1, ten + 1).seriesIds()).hasSize(2);
        assertThat(catalog.coverage(acme, three, ten - 1, ten + 1).activeMembers()).as("api-4, not rolled up yet, counts as live").isEqualTo(3);

        // series looked up by id carry no count: their groups are counted in the database
        List<SeriesInfo> byId = new ArrayList<>();
        for (SeriesInfo info : three) {
            byId.add(catalog.byId(info.id()).orElseThrow());
        }
        assertThat(byId).allMatch(info -> info.groupMembers() == 0);
        assertThat(catalog.coverage(acme, byId, ten - 1, ten + 1).groups()).hasSize(1);
        assertThat(catalog.coverage(acme, byId.subList(1, 3), ten - 1, ten + 1).seriesIds()).hasSize(2);
    }

    private static long id(List<SeriesInfo> series, String type, String service) {
        return series.stream().filter(info -> info.type().id().equals(type) && info.labels().get("service_name").equals(service))
                .findFirst().orElseThrow().id();
    }

    private static long nanos(Instant instant) {
        return Captures.nanos(instant);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
