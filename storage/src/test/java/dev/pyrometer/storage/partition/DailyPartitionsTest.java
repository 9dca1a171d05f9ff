package dev.pyrometer.storage.partition;

import dev.pyrometer.storage.testing.Store;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day partitions are made while other transactions read every partitioned table: making one waits for no reader
 * (writers' locks conflict with an attach no more than readers' do), and the partition it attaches has the parent's indexes, so a retried row still conflicts there.
 */
class DailyPartitionsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 7, 14);

    @Test
    void aDayIsAddedWhileATransactionReadsEveryPartitionedTable() throws Exception {
        try (Store store = Store.create(); Connection reader = store.dataSource().getConnection();
             Connection maker = store.dataSource().getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                for (String table : DailyPartitions.TABLES) {
                    statement.executeQuery("SELECT count(*) FROM " + table).close();
                }
            }
            try (Statement statement = maker.createStatement()) {
                // a lock on a parent would wait for the reader to end; fail instead of hanging
                statement.execute("SET lock_timeout = '60s'");
            }

            new DailyPartitions().ensure(maker, DAY);
            reader.commit();

            for (String table : DailyPartitions.TABLES) {
                String partition = DailyPartitions.partitionName(table, DAY);
                assertThat(store.query("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = ?", rows -> rows.getString(1),
                        partition)).containsExactly("FOR VALUES FROM ('2026-07-14 00:00:00+00') TO ('2026-07-15 00:00:00+00')");
                assertThat(indexes(store, partition)).as("%s has the indexes of %s", partition, table).isEqualTo(indexes(store, table));
            }
            String insert = "INSERT INTO profile (series_id, time, receipt, total, tenant_id, payload) "
                    + "VALUES (1, '2026-07-14T08:00:00Z', 7, 0, 1, '\\x02'::bytea) ON CONFLICT DO NOTHING";
            try (Statement statement = maker.createStatement()) {
                assertThat(statement.executeUpdate(insert)).isEqualTo(1);
                assertThat(statement.executeUpdate(insert)).as("the unique index holds in the new partition").isZero();
            }
            new DailyPartitions().ensure(maker, DAY);
            assertThat(store.count("SELECT count(*) FROM profile_p20260714")).as("making it again changes nothing").isEqualTo(1);

            try (Statement statement = maker.createStatement()) {
                statement.execute("CREATE TABLE profile_p20260715 (LIKE profile)");
            }
            new DailyPartitions().ensure(maker, DAY.plusDays(1));
            assertThat(store.query("SELECT relispartition FROM pg_class WHERE relname = 'profile_p20260715'", rows -> rows.getBoolean(1)))
                    .as("a table of a partition's name left unattached is attached").containsExactly(true);
        }
    }

    /** The access method, uniqueness and columns of each index of {@code table}, sorted. */
    private static List<String> indexes(Store store, String table) throws Exception {
        return store.query("SELECT am.amname || ' ' || i.indisunique || ' ' || substring(pg_get_indexdef(i.indexrelid) FROM '\\((.*)\\)') "
                + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = ?::regclass ORDER BY 1", rows -> rows.getString(1), table);
    }
}
