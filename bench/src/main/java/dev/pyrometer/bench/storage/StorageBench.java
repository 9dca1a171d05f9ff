package dev.pyrometer.bench.storage;

import dev.pyrometer.bench.common.Args;
import dev.pyrometer.bench.common.Directories;
import dev.pyrometer.bench.query.FleetLoader;
import dev.pyrometer.bench.query.FleetSchedule;
import dev.pyrometer.bench.query.QueryFleet;
import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the bytes of a stored profile go, and what reading them costs. Loads {@code --rounds} rounds
 * of the query benchmark's Go fleet ({@link QueryFleet}: the real captures, heap and allocs trimmed as
 * the sidecar trims them) through the project's {@code ProfileWriter} into a fresh embedded
 * PostgreSQL (fsync on), with the rollup job compacting closed ten minutes into chunks behind the
 * writers, then prints the raw tier's bytes per snapshot and per upload, each of its two tables split by
 * where the bytes lie (tuple header, each column, line pointer, page, indexes, TOAST), the rollup
 * tables' sizes, the payload bytes per row by profile type with every stored payload encoded in both
 * payload formats, the CPU cost of decoding and merging them in each format, raw reads from chunks
 * against the same snapshots stored one row each ({@link ChunkReadCost}), and the raw tier's size
 * without the space compaction freed and once its indexes are rebuilt. Asserts nothing.
 * {@code --granular-values=true} keeps every value a multiple of its column's granularity in the
 * captures (cpu nanoseconds stay multiples of the period, as in any real cpu profile).
 *
 * <pre>java -cp ... dev.pyrometer.bench.storage.StorageBench --rounds=720 --stack-variants=16</pre>
 */
public final class StorageBench {
    private StorageBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int services = args.integer("services", 4);
        int pods = args.integer("pods", 3);
        long rounds = args.integer("rounds", 720);
        Duration cadence = args.duration("cadence", Duration.ofSeconds(10));
        int stackVariants = args.integer("stack-variants", 1);
        int threads = args.integer("threads", 2);
        int decodeRows = args.integer("decode-rows", 100_000);
        int decodeReps = args.integer("decode-reps", 30);
        int readReps = args.integer("read-reps", 200);
        long seed = args.integer("seed", 42);
        boolean granular = Boolean.parseBoolean(args.string("granular-values", "false"));
        if (services < 1 || services >= 4096 || pods < 1 || pods >= 4096 || rounds < 1) {
            throw new IllegalArgumentException("--services and --pods must be 1 to 4095, --rounds at least 1");
        }

        Path work = Files.createTempDirectory("pyrometer-storage-bench");
        DatabaseSettings settings = new DatabaseSettings("", "", "", work.resolve("postgres").toString(), 0, threads + 4, "pyrometer-storage-bench");
        try (Database database = Database.open(settings, true)) {
            QueryFleet fleet = new QueryFleet(services, 4, seed, stackVariants, granular);
            long cadenceMicros = cadence.toNanos() / 1000;
            long nowMicros = Instant.now().toEpochMilli() * 1000;
            long startMicros = Math.floorDiv(nowMicros - rounds * cadenceMicros, cadenceMicros) * cadenceMicros;
            FleetSchedule schedule = new FleetSchedule(startMicros, cadenceMicros, Duration.ofHours(24).toNanos() / 1000);
            int[] kinds = QueryFleet.kinds("all");
            FleetLoader loader = new FleetLoader(database.dataSource(), fleet, schedule, services, pods, rounds, "bench-storage", threads,
                    args.integer("batch", 4000), kinds);
            System.out.printf("Loading %d rounds of %d services x %d pods x %d profile kinds every %d s (%d series rows per pod and round; "
                            + "a cpu snapshot holds %.0f distinct stacks, --stack-variants=%d; values %s) into an embedded PostgreSQL with fsync on...%n",
                    rounds, services, pods, QueryFleet.KINDS, cadence.toSeconds(), fleet.seriesPerPodRound(kinds), fleet.cpuStacksPerSnapshot(), stackVariants,
                    granular ? "scaled in units of each column's granularity, --granular-values=true" : "scaled and rounded to 1");
            FleetLoader.Figures loaded = loader.run();
            System.out.printf("Stored %,d uploads (%,d series rows) in %.1f s.%n", loaded.uploads(), loaded.rows(), loaded.writeSeconds());

            try (Connection connection = database.dataSource().getConnection()) {
                System.out.println();
                System.out.println("== raw tier on disk ==");
                try (Statement statement = connection.createStatement()) {
                    // compaction deletes the rows it moves into chunks; autovacuum marks their space free the same way
                    statement.execute("VACUUM profile");
                }
                printRawTier(connection, "raw tier", loaded.uploads(), true);
                printRollups(connection);

                StoredPayloads stored = StoredPayloads.read(connection, decodeRows);
                Map<String, Function<Payload, byte[]>> encodings = new LinkedHashMap<>();
                encodings.put("format 1", payload -> PayloadCodec.encode(payload, PayloadCodec.FORMAT_PLAIN));
                encodings.put("format 2", payload -> PayloadCodec.encode(payload, PayloadCodec.FORMAT_SCALED));
                System.out.println();
                System.out.printf("== payloads of %,d rows (%,d stacks), each encoded in both formats ==%n", stored.size(), stored.stacks());
                stored.printByType(encodings);

                System.out.println();
                System.out.printf("== read cost: %,d rows (%,d stacks), median of %d passes, one thread ==%n", stored.size(), stored.stacks(), decodeReps);
                Map<String, List<byte[]>> encoded = new LinkedHashMap<>();
                encodings.forEach((name, encoding) -> encoded.put(name, stored.encoded(encoding)));
                DecodeCost.measure(encoded, stored.seriesIds, 3, decodeReps).forEach((name, cost) -> cost.print(name, stored.size(), stored.stacks()));

                System.out.println();
                System.out.println("== raw reads: chunks against one row per snapshot ==");
                ChunkReadCost.measure(connection, readReps);

                System.out.println();
                printRepacked(connection, loaded.uploads());
            }
        } finally {
            Directories.deleteTree(work);
        }
    }

    /**
     * The raw tier without the space that compaction freed, then once its indexes are rebuilt (as a day partition's
     * could be when the day is over): a btree filled by interleaved series splits its pages half-full, a rebuilt one is
     * packed. The load writes hours of rows in seconds, so the rows moved into chunks leave pages that a live database,
     * writing at its cadence, reuses for the next minutes' rows long before the day is over. Run last: it changes the
     * database.
     */
    private static void printRepacked(Connection connection, long uploads) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("VACUUM FULL profile");
        }
        printRawTier(connection, "after VACUUM FULL of profile", uploads, false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("REINDEX TABLE profile");
            statement.execute("REINDEX TABLE profile_chunk");
        }
        printRawTier(connection, "and REINDEX of the raw tier", uploads, false);
    }

    /** Both tables of the raw tier in bytes per snapshot and per upload, and with {@code breakdown} each table's parts. */
    private static void printRawTier(Connection connection, String label, long uploads, boolean breakdown) throws SQLException {
        RawTierSizes rows = RawTierSizes.rows(connection);
        RawTierSizes chunks = RawTierSizes.chunks(connection);
        long bytes = rows.totalBytes() + chunks.totalBytes();
        long snapshots = rows.snapshots() + chunks.snapshots();
        System.out.printf("%s: %,d snapshots from %,d uploads, %.2f MB in all -> %.1f bytes per snapshot, %.1f bytes per upload "
                        + "(profile %.2f MB, profile_chunk %.2f MB: %.1f bytes per snapshot)%n",
                label, snapshots, uploads, bytes / 1e6, (double) bytes / Math.max(1, snapshots), (double) bytes / Math.max(1, uploads),
                rows.totalBytes() / 1e6, chunks.totalBytes() / 1e6, (double) chunks.totalBytes() / Math.max(1, chunks.snapshots()));
        if (breakdown) {
            rows.print();
            chunks.print();
        }
    }

    /** Every rollup table's rows and bytes (partitions, indexes and TOAST included), per series or per group, whatever tiers the schema has. */
    private static void printRollups(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("SELECT c.relname, CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) "
                     + "FROM pg_partition_tree(c.oid) t) ELSE pg_total_relation_size(c.oid) END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE n.nspname = current_schema() AND c.relname ~ '(^|_)rollup_' AND c.relname <> 'rollup_pending' "
                     + "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1")) {
            List<String[]> found = new ArrayList<>();
            while (tables.next()) {
                found.add(new String[] {tables.getString(1), Long.toString(tables.getLong(2))});
            }
            for (String[] table : found) {
                try (Statement count = connection.createStatement(); ResultSet rows = count.executeQuery("SELECT count(*) FROM " + table[0])) {
                    rows.next();
                    long n = rows.getLong(1);
                    long bytes = Long.parseLong(table[1]);
                    System.out.printf("%s: %,d rows, %.2f MB -> %.1f bytes per row%n", table[0], n, bytes / 1e6, n == 0 ? 0 : (double) bytes / n);
                }
            }
        }
    }
}
