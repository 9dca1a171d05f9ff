package dev.pyrometer.storage.series;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.SeriesName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesRegistryTest {
    private static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    private static final ProfileType HEAP = ProfileType.parse("memory:inuse_space:bytes:space:bytes");

    private Store store;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        store = Store.create();
        connection = store.dataSource().getConnection();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        store.close();
    }

    @Test
    void theSameSeriesHasOneIdWhateverTheLabelOrderOrTheCache() throws Exception {
        SeriesRegistry registry = new SeriesRegistry(100);
        int tenant = registry.tenantId(connection, "acme");
        LabelSet forward = LabelSet.of(List.of(new Label("env", "prod"), new Label("service_name", "api"), new Label("zone", "b")));
        LabelSet backward = LabelSet.of(List.of(new Label("zone", "b"), new Label("service_name", "api"), new Label("env", "prod")));

        long id = registry.seriesId(connection, tenant, CPU, forward);

        assertThat(registry.seriesId(connection, tenant, CPU, backward)).isEqualTo(id);
        SeriesRegistry cold = new SeriesRegistry(100);
        assertThat(cold.tenantId(connection, "acme")).isEqualTo(tenant);
        assertThat(cold.seriesId(connection, tenant, CPU, backward)).as("from the table, not a cache").isEqualTo(id);
        assertThat(store.count("SELECT count(*) FROM series")).isEqualTo(1);
        assertThat(store.count("SELECT count(*) FROM tenant")).isEqualTo(1);
    }

    @Test
    void anotherTypeTenantOrLabelIsAnotherSeries() throws Exception {
        SeriesRegistry registry = new SeriesRegistry(2);
        int acme = registry.tenantId(connection, "acme");
        int globex = registry.tenantId(connection, "globex");
        LabelSet api = labels("service_name", "api");

        List<Long> ids = List.of(
                registry.seriesId(connection, acme, CPU, api),
                registry.seriesId(connection, acme, HEAP, api),
                registry.seriesId(connection, globex, CPU, api),
                registry.seriesId(connection, acme, CPU, labels("service_name", "api", "env", "")),
                registry.seriesId(connection, acme, CPU, labels("service_name", "api\"")));

        assertThat(acme).isNotEqualTo(globex);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(registry.cachedSeries()).isLessThanOrEqualTo(2);
        assertThat(registry.seriesId(connection, acme, CPU, api)).as("after the cache was emptied").isEqualTo(ids.get(0));
        assertThat(store.count("SELECT count(*) FROM series")).isEqualTo(5);
    }

    @Test
    void labelTextIsStoredExactly() throws Exception {
        Map<String, String> pairs = new TreeMap<>(Map.of(
                "service_name", "api \"quoted\" \\back\\slash\\",
                "control", "nl\n cr\r tab\t bell\u0007 unit\u001f del\u007f",
                "unicode", "é 漢字 😀 \u2028\u2029",
                "injection", "\", \"service_name\": \"evil",
                "empty", "",
                "k8s.pod", "api-7d9f\\u0041"));
        LabelSet labels = LabelSet.of(pairs);
        SeriesRegistry registry = new SeriesRegistry(100);

        long id = registry.seriesId(connection, registry.tenantId(connection, "acme"), HEAP, labels);

        assertThat(store.seriesIds()).containsExactly(Map.entry(new SeriesName(HEAP, labels), id));
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            assertThat(store.query("SELECT labels ->> ? FROM series WHERE id = ?", rows -> rows.getString(1), pair.getKey(), id))
                    .containsExactly(pair.getValue());
        }
        assertThat(store.query("SELECT service_name, profile_type FROM series", rows -> rows.getString(1) + "|" + rows.getString(2)))
                .containsExactly(pairs.get("service_name") + "|" + HEAP.id());
        assertThat(store.count("SELECT count(*) FROM series, jsonb_object_keys(labels)")).isEqualTo(pairs.size());
    }

    @Test
    void podsOfOneServiceShareAGroupWhileKeptLabelsAndTypesSplitIt() throws Exception {
        SeriesRegistry registry = new SeriesRegistry(100);
        int acme = registry.tenantId(connection, "acme");
        long a = registry.seriesId(connection, acme, CPU, labels("service_name", "api", "pod", "api-1", "version", "v1"));
        long b = registry.seriesId(connection, acme, CPU, labels("service_name", "api", "pod", "api-2", "node", "n9", "version", "v1"));
        long v2 = registry.seriesId(connection, acme, CPU, labels("service_name", "api", "pod", "api-3", "version", "v2"));
        long heap = registry.seriesId(connection, acme, HEAP, labels("service_name", "api", "pod", "api-1", "version", "v1"));

        Map<Long, Long> groupOf = store.groupOfSeries();
        assertThat(groupOf.get(a)).isEqualTo(groupOf.get(b));
        assertThat(List.of(groupOf.get(a), groupOf.get(v2), groupOf.get(heap))).doesNotHaveDuplicates();
        assertThat(store.query("SELECT labels::text FROM series_group WHERE id = ?", rows -> rows.getString(1), groupOf.get(a)))
                .containsExactly("{\"version\": \"v1\", \"service_name\": \"api\"}");

        SeriesRegistry custom = new SeriesRegistry(100, new GroupLabels(Set.of("version")));
        long c = custom.seriesId(connection, acme, CPU, labels("service_name", "api", "pod", "api-4", "version", "v3"));
        assertThat(store.query("SELECT g.labels::text FROM series s JOIN series_group g ON g.id = s.group_id WHERE s.id = ?",
                rows -> rows.getString(1), c)).as("a configured list drops its labels only").containsExactly(
                "{\"pod\": \"api-4\", \"service_name\": \"api\"}");
    }

    @Test
    void serviceNameCannotBeDroppedFromAGroup() {
        assertThatThrownBy(() -> new GroupLabels(Set.of("pod", "service_name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service_name");
    }

    private static LabelSet labels(String... namesAndValues) {
        Map<String, String> pairs = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pairs.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return LabelSet.of(pairs);
    }
}
