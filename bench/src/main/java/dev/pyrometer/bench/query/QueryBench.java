package dev.pyrometer.bench.query;

import dev.pyrometer.bench.common.Args;
import dev.pyrometer.bench.common.Directories;
import dev.pyrometer.bench.common.Latencies;
import dev.pyrometer.bench.ingest.StorageFigures;
import dev.pyrometer.profile.flamegraph.FlameGraph;
import dev.pyrometer.profile.merge.SeriesWindow;
import dev.pyrometer.profile.merge.WindowAggregator;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.selector.LabelSelector;
import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.query.Piece;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.StackSymbols;
import dev.pyrometer.storage.query.WindowRead;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.query.GroupCoverage;
import dev.pyrometer.storage.query.SeriesSums;
import dev.pyrometer.storage.rollup.Tier;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pyrometer.bench.common.SqlValues.single;

/**
 * The query benchmark (issue 3, Bench): loads days of a Go fleet's profiles at a fixed cadence
 * through the project's own writer and rollup job, then measures merges of 1 h, 24 h and 7 d, a 24 h
 * diff and a 7 d timeline over HTTP against a started query-service, with p50/p99 and rows/bytes read,
 * an in-process breakdown of the merge's steps, and the same 1 h merge done by
 * {@code go tool pprof -proto}. It prints figures and asserts nothing about time.
 *
 * <pre>java -cp ... dev.pyrometer.bench.query.QueryBench --query-jar=query-service/target/query-service-*-exec.jar \
 *     --services=20 --pods=3 --days=9 --cadence=10s --keep-data=/var/tmp/pyrometer-query-bench</pre>
 *
 * See bench/README.md for every option.
 */
public final class QueryBench {
    private static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static final String INUSE = "memory:inuse_space:bytes:space:bytes";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);
    /** Window ends are drawn from this long a stretch before the end of the data (less if the data is short). */
    private static final Duration END_SPREAD = Duration.ofHours(20);
    private static final Duration END_MARGIN = Duration.ofMinutes(2);

    private QueryBench() {
    }

    public static void main(String[] argv) throws Exception {
        run(new Args(argv));
    }

    /**
     * Loads (or reuses the kept load) and measures as the options say, printing as it goes; returns the
     * figures for a summary (no queries and no go figures with {@code --phase=load}).
     */
    static QueryOutcome run(Args args) throws Exception {
        String phase = args.string("phase", "all");
        String keep = args.string("keep-data", "");
        boolean reload = Boolean.parseBoolean(args.string("reload", "false"));
        String jdbcUrl = args.string("jdbc-url", System.getenv().getOrDefault("PYROMETER_JDBC_URL", ""));
        Path work = keep.isEmpty() ? Files.createTempDirectory("pyrometer-query-bench") : Path.of(keep).toAbsolutePath();
        Files.createDirectories(work);
        Path manifestFile = work.resolve("manifest.properties");
        Path pgData = work.resolve("postgres");

        Properties manifest = null;
        if (Files.exists(manifestFile) && !reload) {
            manifest = new Properties();
            try (Reader in = Files.newBufferedReader(manifestFile)) {
                manifest.load(in);
            }
        } else if (jdbcUrl.isEmpty() && Files.exists(pgData)) {
            System.out.println("Removing " + pgData + " (" + (reload ? "--reload" : "an unfinished load: no manifest") + ")");
            Directories.deleteTree(pgData);
            Files.deleteIfExists(manifestFile);
        }
        if (manifest == null && phase.equals("query")) {
            throw new IllegalStateException("--phase=query needs a finished load in --keep-data (no " + manifestFile + ")");
        }

        int threads = args.integer("threads", 2);
        DatabaseSettings settings = new DatabaseSettings(jdbcUrl, System.getenv().getOrDefault("PYROMETER_JDBC_USER", ""),
                System.getenv().getOrDefault("PYROMETER_JDBC_PASSWORD", ""), pgData.toString(), args.integer("db-port", 0), threads + 4,
                "pyrometer-bench");
        try (Database database = Database.open(settings, true)) {
            DataSource dataSource = database.dataSource();
            String url = ((HikariDataSource) dataSource).getJdbcUrl();
            if (manifest == null) {
                manifest = load(args, dataSource, url, threads);
                storeManifest(manifest, manifestFile);
            } else {
                System.out.println("Reusing the data loaded earlier in " + work + " (--reload=true loads again):");
                if (StorageTiers.load(manifest) == null) {
                    // Loaded before the manifest recorded the tables: measure them now, once.
                    try (Connection connection = dataSource.getConnection()) {
                        StorageTiers.read(connection).store(manifest);
                    }
                    storeManifest(manifest, manifestFile);
                }
                printLoaded(manifest);
                if (Stream.of("services", "pods", "days", "cadence", "deploy-every", "seed", "stack-variants").anyMatch(name -> args.string(name, null) != null)) {
                    System.out.println("(load options given on this command line are ignored: the kept data was loaded with the options above)");
                }
            }
            return phase.equals("load") ? new QueryOutcome(manifest, List.of(), null)
                    : new Measurements(args, manifest, dataSource, url, work).run();
        } finally {
            if (keep.isEmpty()) {
                Directories.deleteTree(work);
            }
        }
    }

    private static void storeManifest(Properties manifest, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            manifest.store(out, "what QueryBench loaded; delete this directory (or pass --reload=true) to load again");
        }
    }

    // ---------------------------------------------------------------- load

    private static Properties load(Args args, DataSource dataSource, String url, int threads) throws Exception {
        int services = args.integer("services", 4);
        int pods = args.integer("pods", 3);
        double days = Double.parseDouble(args.string("days", "9"));
        Duration cadence = args.duration("cadence", Duration.ofSeconds(10));
        Duration deployEvery = args.duration("deploy-every", Duration.ofHours(24));
        long seed = args.integer("seed", 42);
        String tenant = args.string("tenant", "bench-query");
        int batch = args.integer("batch", 4000);
        if (services < 1 || services >= 4096 || pods < 1 || pods >= 4096) {
            throw new IllegalArgumentException("--services and --pods must be 1 to 4095");
        }
        long cadenceMicros = cadence.toNanos() / 1000;
        long rounds = Math.round(days * 86_400_000_000L / cadenceMicros);
        long nowMicros = Instant.now().toEpochMilli() * 1000;
        long startMicros = Math.floorDiv(nowMicros - rounds * cadenceMicros, cadenceMicros) * cadenceMicros;

        System.out.printf("Building payloads for %d services from the Go captures (cpu, heap: inuse_* only, allocs: alloc_* only, goroutine, mutex, block)...%n",
                services);
        int stackVariants = args.integer("stack-variants", 1);
        QueryFleet fleet = new QueryFleet(services, 4, seed, stackVariants);
        System.out.printf("A cpu snapshot holds %.0f distinct stacks on average%s.%n", fleet.cpuStacksPerSnapshot(),
                stackVariants > 1 ? " (each capture's stacks fanned out over " + stackVariants + " synthetic routes, --stack-variants)" : " (the captures as they are)");
        FleetSchedule schedule = new FleetSchedule(startMicros, cadenceMicros, deployEvery.toNanos() / 1000);
        int[] kinds = QueryFleet.kinds(args.string("kinds", "all"));
        FleetLoader loader = new FleetLoader(dataSource, fleet, schedule, services, pods, rounds, tenant, threads, batch, kinds);
        long uploads = rounds * services * pods * kinds.length;
        System.out.printf("Loading %s to %s: %d services x %d pods x %d profile kinds (%s) every %ds for %.2f days = %d rounds, %,d uploads, "
                        + "%,d series rows (%d per pod and round), redeploys every %s; %d writer threads, batches of %d uploads...%n",
                micros(startMicros), micros(startMicros + rounds * cadenceMicros), services, pods, kinds.length, QueryFleet.kindNames(kinds),
                cadence.toSeconds(), days, rounds, uploads, rounds * services * pods * fleet.seriesPerPodRound(kinds), fleet.seriesPerPodRound(kinds),
                deployEvery, threads, loader.uploadsPerBatch());
        StorageTiers tiersBefore;
        try (Connection connection = dataSource.getConnection()) {
            tiersBefore = StorageTiers.read(connection);
        }
        FleetLoader.Figures figures = loader.run();
        System.out.println("Vacuuming and analyzing the tables (as autovacuum would; compaction leaves the raw rows it moved dead)...");
        long analyzeStart = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> vacuumed = new ArrayList<>(StorageTiers.tables(connection));
            vacuumed.add("series");
            vacuumed.add("series_group");
            statement.execute("VACUUM (ANALYZE) " + String.join(", ", vacuumed));
        }
        double analyzeSeconds = (System.nanoTime() - analyzeStart) / 1e9;
        StorageFigures after = StorageFigures.read(url);

        Properties manifest = new Properties();
        manifest.setProperty("tenant", tenant);
        manifest.setProperty("services", Integer.toString(services));
        manifest.setProperty("pods", Integer.toString(pods));
        manifest.setProperty("days", Double.toString(days));
        manifest.setProperty("cadence.micros", Long.toString(cadenceMicros));
        manifest.setProperty("deploy-every.micros", Long.toString(deployEvery.toNanos() / 1000));
        manifest.setProperty("seed", Long.toString(seed));
        manifest.setProperty("stack-variants", Integer.toString(stackVariants));
        manifest.setProperty("kinds", QueryFleet.kindNames(kinds));
        manifest.setProperty("cpu.stacks.per.snapshot", String.format("%.0f", fleet.cpuStacksPerSnapshot()));
        manifest.setProperty("start.micros", Long.toString(startMicros));
        manifest.setProperty("rounds", Long.toString(rounds));
        manifest.setProperty("loaded.at", Instant.now().toString());
        manifest.setProperty("loaded.uploads", Long.toString(figures.uploads()));
        manifest.setProperty("loaded.duplicates", Long.toString(figures.duplicates()));
        manifest.setProperty("loaded.rows", Long.toString(figures.rows()));
        manifest.setProperty("loaded.samples", Long.toString(figures.samples()));
        manifest.setProperty("loaded.write.seconds", String.format("%.1f", figures.writeSeconds()));
        manifest.setProperty("loaded.batch.seconds", String.format("%.3f", figures.batchSeconds()));
        manifest.setProperty("loaded.threads", Integer.toString(threads));
        manifest.setProperty("loaded.batch.uploads", Integer.toString(loader.uploadsPerBatch()));
        manifest.setProperty("rollup.buckets.during", Long.toString(figures.bucketsDuringLoad()));
        manifest.setProperty("rollup.buckets.after", Long.toString(figures.bucketsAfterLoad()));
        manifest.setProperty("rollup.catchup.seconds", String.format("%.1f", figures.catchUpSeconds()));
        manifest.setProperty("analyze.seconds", String.format("%.1f", analyzeSeconds));
        for (Map.Entry<String, long[]> entry : after.dictionaries().entrySet()) {
            manifest.setProperty("dictionary." + entry.getKey() + ".rows", Long.toString(entry.getValue()[0]));
            manifest.setProperty("dictionary." + entry.getKey() + ".bytes", Long.toString(entry.getValue()[1]));
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            StorageTiers.read(connection).minus(tiersBefore).store(manifest);
            manifest.setProperty("database.bytes", Long.toString(single(statement, "SELECT pg_database_size(current_database())")));
        }
        printLoaded(manifest);
        return manifest;
    }

    private static void printLoaded(Properties m) {
        long cadenceMicros = Long.parseLong(m.getProperty("cadence.micros"));
        long start = Long.parseLong(m.getProperty("start.micros"));
        long rounds = Long.parseLong(m.getProperty("rounds"));
        long uploads = Long.parseLong(m.getProperty("loaded.uploads"));
        long rows = Long.parseLong(m.getProperty("loaded.rows"));
        double seconds = Double.parseDouble(m.getProperty("loaded.write.seconds"));
        System.out.println();
        System.out.println("== loaded data (tenant " + m.getProperty("tenant") + ", at " + m.getProperty("loaded.at") + ") ==");
        System.out.printf("fleet: %s services x %s pods, each pushing %s every %d s, "
                        + "redeployed every %s (new pod names and version)%n", m.getProperty("services"), m.getProperty("pods"),
                m.getProperty("kinds", "cpu, heap (inuse_* only), allocs (alloc_* only), goroutine, mutex, block"), cadenceMicros / 1_000_000,
                Duration.ofNanos(Long.parseLong(m.getProperty("deploy-every.micros")) * 1000));
        System.out.printf("span: %s to %s (%s days, %d rounds per pod)%n", micros(start), micros(start + rounds * cadenceMicros), m.getProperty("days"), rounds);
        System.out.printf("stacks: %s distinct stacks in a cpu snapshot on average (%s)%n", m.getProperty("cpu.stacks.per.snapshot", "?"),
                "1".equals(m.getProperty("stack-variants", "1")) ? "the captures as they are"
                        : "captures fanned out over " + m.getProperty("stack-variants") + " synthetic routes, --stack-variants");
        System.out.printf("uploads stored: %,d (%,d duplicates), series rows: %,d, pprof samples: %,d%n", uploads,
                Long.parseLong(m.getProperty("loaded.duplicates")), rows, Long.parseLong(m.getProperty("loaded.samples")));
        System.out.printf("load: %.0f s with %s writer threads and batches of %s uploads -> %.0f uploads/s, %.0f series rows/s "
                        + "(rollup job running alongside; %.2f s per batch write)%n", seconds, m.getProperty("loaded.threads"),
                m.getProperty("loaded.batch.uploads"), uploads / seconds, rows / seconds, Double.parseDouble(m.getProperty("loaded.batch.seconds")));
        System.out.printf("rollup: %s buckets during the load, %s after it in %s s; VACUUM ANALYZE %s s%n", m.getProperty("rollup.buckets.during"),
                m.getProperty("rollup.buckets.after"), m.getProperty("rollup.catchup.seconds"), m.getProperty("analyze.seconds"));
        StorageTiers tiers = StorageTiers.load(m);
        long rawRows = tiers.rawRows();
        long rawBytes = tiers.rawBytes();
        System.out.printf("raw tier (%s): %,d snapshots, %.1f MB incl. indexes (%.0f bytes/snapshot, %.0f bytes/upload)%n",
                String.join(" + ", StorageTiers.RAW_TABLES), rawRows, rawBytes / 1e6, (double) rawBytes / Math.max(1, rawRows),
                (double) rawBytes / Math.max(1, uploads));
        for (StorageTiers.Table table : tiers.ofRole(StorageTiers.Role.RAW)) {
            System.out.printf("  %s: %,d snapshots, %.1f MB%n", table.name(), table.rows(), table.bytes() / 1e6);
        }
        for (StorageTiers.Table table : tiers.tables()) {
            if (table.role() != StorageTiers.Role.RAW) {
                System.out.printf("%s: %,d rows, %.1f MB%s%n", table.name(), table.rows(), table.bytes() / 1e6,
                        table.role() == StorageTiers.Role.BOOKKEEPING ? " (bookkeeping, no payload: not counted as rollup)" : "");
            }
        }
        System.out.printf("rollups: %.1f MB in %d tables = %.1f %% of the raw tier%n", tiers.rollupBytes() / 1e6,
                tiers.ofRole(StorageTiers.Role.ROLLUP).size(), 100 * tiers.rollupShare());
        for (String table : List.of("series", "symbol_function", "symbol_frame", "symbol_stack")) {
            System.out.printf("%s: %,d rows, %.1f MB%n", table, Long.parseLong(m.getProperty("dictionary." + table + ".rows")),
                    Long.parseLong(m.getProperty("dictionary." + table + ".bytes")) / 1e6);
        }
        System.out.printf("database: %.2f GB%n", Long.parseLong(m.getProperty("database.bytes")) / 1e9);
    }

    // ---------------------------------------------------------------- measure

    /**
     * One kind of query: how to issue it for a window ending at {@code end}, and how long a span of data it needs.
     * {@code key} names it in {@code --queries} and in {@link QueryOutcome}.
     */
    private record Kind(String key, String label, String endpoint, String profileType, Duration window, Duration needs, boolean weekAgo) {
    }

    private static final class Measurements {
        private final Args args;
        private final Properties manifest;
        private final DataSource dataSource;
        private final String url;
        private final Path work;
        private final String tenant;
        private final int services;
        private final int pods;
        private final long cadenceMicros;
        private final long startMicros;
        private final long rounds;
        private final long endMicros;
        private final int service;
        private final String selector;
        private final int warmup;
        private final int reps;
        private final Random random;

        Measurements(Args args, Properties manifest, DataSource dataSource, String url, Path work) {
            this.args = args;
            this.manifest = manifest;
            this.dataSource = dataSource;
            this.url = url;
            this.work = work;
            this.tenant = manifest.getProperty("tenant");
            this.services = Integer.parseInt(manifest.getProperty("services"));
            this.pods = Integer.parseInt(manifest.getProperty("pods"));
            this.cadenceMicros = Long.parseLong(manifest.getProperty("cadence.micros"));
            this.startMicros = Long.parseLong(manifest.getProperty("start.micros"));
            this.rounds = Long.parseLong(manifest.getProperty("rounds"));
            this.endMicros = startMicros + rounds * cadenceMicros;
            this.service = args.integer("query-service-index", 0);
            this.selector = "{service_name=\"" + QueryFleet.serviceName(service) + "\"}";
            this.warmup = args.integer("warmup", 5);
            this.reps = args.integer("reps", 50);
            this.random = new Random(args.integer("seed", 42) + 1);
        }

        QueryOutcome run() throws Exception {
            if (service >= services) {
                throw new IllegalArgumentException("--query-service-index must be below the " + services + " services loaded");
            }
            Duration span = Duration.ofNanos((endMicros - startMicros) * 1000);
            boolean weekAgo = span.compareTo(WEEK.plus(DAY).plus(END_MARGIN).plusMinutes(1)) >= 0;
            List<Kind> kinds = selected(List.of(
                    new Kind("merge-1h", "merge 1h cpu (flamegraph)", "flamegraph", CPU, HOUR, HOUR, false),
                    new Kind("merge-24h", "merge 24h cpu (flamegraph)", "flamegraph", CPU, DAY, DAY, false),
                    new Kind("merge-7d", "merge 7d cpu (flamegraph)", "flamegraph", CPU, WEEK, WEEK, false),
                    new Kind("merge-7d-inuse", "merge 7d inuse_space (flamegraph)", "flamegraph", INUSE, WEEK, WEEK, false),
                    new Kind("pprof-1h", "merge 1h cpu (pprof export)", "pprof", CPU, HOUR, HOUR, false),
                    weekAgo ? new Kind("diff-24h", "diff 24h cpu vs 7 days earlier", "diff", CPU, DAY, WEEK.plus(DAY), true)
                            : new Kind("diff-24h", "diff 24h cpu vs the 24h before", "diff", CPU, DAY, DAY.plus(DAY), false),
                    new Kind("timeline-7d", "timeline 7d cpu (auto step: 1h)", "timeline", CPU, WEEK, WEEK, false),
                    new Kind("callgraph-24h", "callgraph 24h cpu", "callgraph", CPU, DAY, DAY, false),
                    new Kind("lines-24h", "lines 24h cpu (hottest function)", "lines", CPU, DAY, DAY, false),
                    weekAgo ? new Kind("regressions-24h", "regressions 24h cpu vs 7 days earlier", "regressions", CPU, DAY, WEEK.plus(DAY), true)
                            : new Kind("regressions-24h", "regressions 24h cpu vs the 24h before", "regressions", CPU, DAY, DAY.plus(DAY), false),
                    new Kind("leaks-24h", "leaks 24h inuse_space", "leaks", INUSE, DAY, DAY, false)));

            Path log = work.resolve("query-service.log");
            Path jar = Path.of(args.string("query-jar", ""));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("--query-jar must name query-service's -exec jar, got '" + jar + "'");
            }
            List<String> jvmArgs = new ArrayList<>(Arrays.asList(args.string("query-jvm-args", "-Xmx1g").trim().split("\\s+")));
            jvmArgs.removeIf(String::isEmpty);
            System.out.println();
            System.out.printf("Starting query-service (%s %s) on the loaded database...%n", jar.getFileName(), String.join(" ", jvmArgs));
            List<Row> httpRows = new ArrayList<>();
            long[] goWindow;
            QueryOutcome.GoComparison go;
            try (QueryService http = QueryService.start(jar, jvmArgs, url, args.integer("query-port", 0),
                    args.integer("query-management-port", 0), args.integer("query-pool", 8), tenant, log)) {
                System.out.printf("query-service pid %d on 127.0.0.1:%d; querying service %s, %d warm-up + %d measured calls per query, one at a time; "
                                + "window ends drawn at random (ms precision) from the last %s of the data, less where the data is too short "
                                + "(printed per query)%n", http.pid(), http.port(), QueryFleet.serviceName(service), warmup, reps, END_SPREAD);
                System.out.printf("machine: %d cores; load average before measuring: %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
                for (Kind kind : kinds) {
                    if (span.compareTo(kind.needs()) < 0) {
                        System.out.printf("  %s: skipped, the data spans only %s%n", kind.label(), span);
                        continue;
                    }
                    httpRows.add(measureHttp(http, kind));
                }
                goWindow = window(HOUR, HOUR);
                System.out.printf("load average after measuring: %s%n", loadAverage());
                printHttp(httpRows);
                go = goComparison(http, goWindow, httpRows);
            }
            inProcess(kinds, span);
            List<QueryOutcome.Query> queries = httpRows.stream().map(row -> new QueryOutcome.Query(row.kind().key(), row.kind().label(),
                    row.latencies().percentileMillis(50), row.latencies().percentileMillis(99), row.rows())).toList();
            return new QueryOutcome(manifest, queries, go);
        }

        /** The kinds {@code --queries} names (a comma-separated list of keys), in the order of {@code all}; every kind without it. */
        private List<Kind> selected(List<Kind> all) {
            String wanted = args.string("queries", "");
            if (wanted.isBlank()) {
                return all;
            }
            List<String> keys = Arrays.stream(wanted.split(",")).map(String::trim).filter(key -> !key.isEmpty()).toList();
            List<String> known = all.stream().map(Kind::key).toList();
            for (String key : keys) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("--queries: unknown query '" + key + "'; known: " + String.join(",", known));
                }
            }
            return all.stream().filter(kind -> keys.contains(kind.key())).toList();
        }

        /** A window of length {@code length} ending at a random unaligned time, with {@code needs} of data before its end. */
        private long[] window(Duration length, Duration needs) {
            long spread = spreadFor(needs).toNanos() / 1000;
            long end = endMicros - END_MARGIN.toNanos() / 1000 - (spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
            end = end / 1000 * 1000;
            return new long[] {end - length.toNanos() / 1000, end};
        }

        private Duration spreadFor(Duration needs) {
            Duration room = Duration.ofNanos((endMicros - startMicros) * 1000).minus(needs).minus(END_MARGIN);
            return room.isNegative() ? Duration.ZERO : room.compareTo(END_SPREAD) < 0 ? room : END_SPREAD;
        }

        private Map<String, String> request(Kind kind, long[] window) {
            String from = Long.toString(window[0] / 1000);
            String to = Long.toString(window[1] / 1000);
            return switch (kind.endpoint()) {
                case "diff" -> {
                    long shift = (kind.weekAgo() ? WEEK : DAY).toNanos() / 1000;
                    yield QueryService.params("profileType", kind.profileType(), "query", selector,
                            "leftFrom", Long.toString((window[0] - shift) / 1000), "leftTo", Long.toString((window[1] - shift) / 1000),
                            "rightFrom", from, "rightTo", to);
                }
                case "regressions" -> {
                    long shift = (kind.weekAgo() ? WEEK : DAY).toNanos() / 1000;
                    yield QueryService.params("profileType", kind.profileType(), "query", selector, "from", from, "to", to,
                            "baseFrom", Long.toString((window[0] - shift) / 1000), "baseTo", Long.toString((window[1] - shift) / 1000));
                }
                case "lines" -> QueryService.params("profileType", kind.profileType(), "query", selector, "from", from, "to", to,
                        "function", String.format("main.%s_increase2000", QueryFleet.serviceName(service)));
                default -> QueryService.params("profileType", kind.profileType(), "query", selector, "from", from, "to", to);
            };
        }

        /** One line of the results table. */
        private record Row(Kind kind, Latencies latencies, double meanMillis, double rows, double bytes, double responseBytes, String check) {
        }

        private Row measureHttp(QueryService http, Kind kind) throws Exception {
            System.out.printf("  %s (window ends from the last %s)...%n", kind.label(), spreadFor(kind.needs()));
            String check = "";
            for (int i = 0; i < warmup; i++) {
                QueryService.Response response = http.get(kind.endpoint(), request(kind, window(kind.window(), kind.needs()))); 
                if (i == 0) {
                    check = describe(kind, response);
                }
            }
            Map<String, double[]> before = http.readMetrics();
            Latencies latencies = new Latencies();
            long totalNanos = 0;
            long responseBytes = 0;
            for (int i = 0; i < reps; i++) {
                QueryService.Response response = http.get(kind.endpoint(), request(kind, window(kind.window(), kind.needs())));
                latencies.record(response.nanos());
                totalNanos += response.nanos();
                responseBytes += response.body().length;
            }
            Map<String, double[]> after = http.readMetrics();
            double[] b = before.getOrDefault(kind.endpoint(), new double[4]);
            double[] a = after.getOrDefault(kind.endpoint(), new double[4]);
            double calls = a[1] - b[1];
            double rows = calls == 0 ? Double.NaN : (a[0] - b[0]) / calls;
            double bytes = calls == 0 ? Double.NaN : (a[2] - b[2]) / calls;
            return new Row(kind, latencies, totalNanos / 1e6 / reps, rows, bytes, (double) responseBytes / reps, check);
        }

        private static final Pattern NUMBER = Pattern.compile("\"(series|snapshots|total|leftTotal|rightTotal|step)\":(-?\\d+)");

        /** What the first answer said, to show the query read what it should. */
        private static String describe(Kind kind, QueryService.Response response) {
            if (kind.endpoint().equals("pprof")) {
                return response.body().length + " B gzipped pprof";
            }
            String json = new String(response.decoded(), StandardCharsets.UTF_8);
            Map<String, String> found = new LinkedHashMap<>();
            Matcher matcher = NUMBER.matcher(json);
            while (matcher.find()) {
                found.putIfAbsent(matcher.group(1), matcher.group(2));
            }
            if (kind.endpoint().equals("timeline")) {
                int points = json.split(",").length;
                return "step " + found.get("step") + " s, ~" + points + " values, " + json.length() + " B JSON";
            }
            return found.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y).orElse("")
                    + ", " + json.length() + " B JSON";
        }

        private void printHttp(List<Row> rows) {
            System.out.println();
            System.out.printf("== query latency over HTTP (service %s; %d calls each after %d warm-up; one at a time) ==%n",
                    QueryFleet.serviceName(service), reps, warmup);
            System.out.printf("%-36s %9s %9s %9s %12s %14s %12s%n", "query", "p50 ms", "p99 ms", "mean ms", "rows/query", "payload B/query",
                    "response B");
            for (Row row : rows) {
                System.out.printf("%-36s %9.1f %9.1f %9.1f %12s %14s %12.0f%n", row.kind().label(), row.latencies().percentileMillis(50),
                        row.latencies().percentileMillis(99), row.meanMillis(), Double.isNaN(row.rows()) ? "n/a" : String.format("%.0f", row.rows()),
                        Double.isNaN(row.bytes()) ? "n/a" : String.format("%.0f", row.bytes()), row.responseBytes());
            }
            System.out.println("(rows/query and payload B/query: mean of the pyrometer_query_rows / pyrometer_query_bytes histograms over the measured calls;"
                    + " n/a where the endpoint records none. response B: bytes on the wire, gzip as a browser asks.)");
            System.out.println("first answers: ");
            for (Row row : rows) {
                System.out.printf("  %-36s %s%n", row.kind().label(), row.check());
            }
            System.out.println();
            System.out.println("== against the issue's targets (printed, not asserted) ==");
            for (Row row : rows) {
                String key = row.kind().key();
                if (key.equals("merge-7d")) {
                    target("7d merge p50", row.latencies().percentileMillis(50), 200);
                    target("7d merge p99", row.latencies().percentileMillis(99), 500);
                } else if (key.equals("diff-24h")) {
                    target("24h diff p50", row.latencies().percentileMillis(50), 200);
                }
            }
        }

        private static void target(String what, double millis, double limit) {
            System.out.printf("%-14s %8.1f ms  target <= %.0f ms: %s%n", what, millis, limit, millis <= limit ? "met" : "MISSED");
        }

        /** Prints the comparison with go tool pprof and returns it; null when skipped. */
        private QueryOutcome.GoComparison goComparison(QueryService http, long[] window, List<Row> rows) throws Exception {
            String go = args.string("go", "/usr/bin/go");
            System.out.println();
            if (!Files.isExecutable(Path.of(go))) {
                System.out.println("== go tool pprof: skipped, no Go at " + go + " (--go=...) ==");
                return null;
            }
            int goReps = args.integer("go-reps", 5);
            Path dir = Files.createTempDirectory("pyrometer-query-bench-pprof");
            try {
                QueryFleet fleet = new QueryFleet(services, 4, Long.parseLong(manifest.getProperty("seed")),
                        Integer.parseInt(manifest.getProperty("stack-variants", "1")));
                FleetSchedule schedule = new FleetSchedule(startMicros, cadenceMicros, Long.parseLong(manifest.getProperty("deploy-every.micros")));
                GoPprofMerge merge = new GoPprofMerge(go, dir);
                int files = merge.writeWindow(fleet, schedule, service, pods, rounds, 0, window[0], window[1]);
                Kind pprof = new Kind("pprof-1h", "pprof", "pprof", CPU, HOUR, HOUR, false);
                Kind flame = new Kind("merge-1h", "flamegraph", "flamegraph", CPU, HOUR, HOUR, false);
                String flameJson = new String(http.get("flamegraph", request(flame, window)).decoded(), StandardCharsets.UTF_8);
                Matcher snapshots = Pattern.compile("\"snapshots\":(\\d+)").matcher(flameJson);
                Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(flameJson);
                String pyroSnapshots = snapshots.find() ? snapshots.group(1) : "?";
                String pyroTotal = total.find() ? total.group(1) : "?";
                long goTotal = merge.mergedTotal(1);
                Latencies pyro = new Latencies();
                Latencies pyroFlame = new Latencies();
                for (int i = 0; i < warmup + reps; i++) {
                    QueryService.Response p = http.get("pprof", request(pprof, window));
                    QueryService.Response f = http.get("flamegraph", request(flame, window));
                    if (i >= warmup) {
                        pyro.record(p.nanos());
                        pyroFlame.record(f.nanos());
                    }
                }
                Latencies goMerge = merge.timeMerge(goReps);
                Latencies goSingle = merge.timeSingle(goReps);
                System.out.printf("== the same 1h cpu merge by go tool pprof (%s to %s, service %s) ==%n", micros(window[0]), micros(window[1]),
                        QueryFleet.serviceName(service));
                System.out.printf("raw files: %d (%.1f MB gzipped pprof, the payloads the loader stored) in %s; Pyrometer merged %s snapshots%n",
                        files, merge.bytes() / 1e6, dir, pyroSnapshots);
                System.out.printf("cpu total: go %d ns, Pyrometer %s ns (%s)%n", goTotal, pyroTotal,
                        Long.toString(goTotal).equals(pyroTotal) ? "equal" : "DIFFERENT");
                System.out.printf("go tool pprof -proto <%d files> > /dev/null: p50 %.0f ms, min %.0f ms (%d runs after 1 warm-up); over 1 file: p50 %.0f ms%n",
                        files, goMerge.percentileMillis(50), goMerge.percentileMillis(0.0001), goReps, goSingle.percentileMillis(50));
                System.out.printf("Pyrometer GET /api/v1/pprof same window: p50 %.1f ms, p99 %.1f ms; GET /api/v1/flamegraph: p50 %.1f ms, p99 %.1f ms (%d calls)%n",
                        pyro.percentileMillis(50), pyro.percentileMillis(99), pyroFlame.percentileMillis(50), pyroFlame.percentileMillis(99), reps);
                System.out.printf("speed-up over go tool pprof (p50/p50): %.1fx for the pprof export, %.1fx for the flame graph%n",
                        goMerge.percentileMillis(50) / pyro.percentileMillis(50), goMerge.percentileMillis(50) / pyroFlame.percentileMillis(50));
                double varied = Double.NaN;
                for (Row row : rows) {
                    if (row.kind().key().equals("merge-1h")) {
                        varied = row.latencies().percentileMillis(50);
                        System.out.printf("(against the varied-window 1h flame graph p50 above, %.1f ms: %.1fx)%n", varied,
                                goMerge.percentileMillis(50) / varied);
                    }
                }
                return new QueryOutcome.GoComparison(files, goMerge.percentileMillis(50), pyroFlame.percentileMillis(50), varied);
            } finally {
                Directories.deleteTree(dir);
            }
        }

        /**
         * The steps of query-service's {@code ProfileQueries.merge}, called one by one in this JVM and
         * timed apart: series lookup, window read over the rollups, symbol resolution, aggregation, and
         * the flame graph the controller builds. (ProfileQueries itself cannot be called: query-service's
         * main jar is repackaged by Spring Boot, see the bench README.)
         */
        private void inProcess(List<Kind> kinds, Duration span) throws Exception {
            int inReps = args.integer("inprocess-reps", Math.min(reps, 20));
            if (inReps <= 0) {
                return;
            }
            SeriesCatalog catalog = new SeriesCatalog(dataSource);
            WindowReader reader = new WindowReader(dataSource);
            StackSymbols symbols = new StackSymbols(dataSource, 500_000);
            LabelSelector labelSelector = LabelSelector.parse(selector);
            System.out.println();
            System.out.printf("== in-process breakdown: the steps of ProfileQueries.merge in the bench JVM, p50 ms (%d calls after %d warm-up) ==%n",
                    inReps, warmup);
            System.out.printf("%-34s %7s %7s %7s %7s %7s %8s %8s %7s %9s %10s %11s%n", "merge", "lookup", "read", "symbols", "aggr", "flame",
                    "sum p50", "sum p99", "series", "snapshots", "rows/query", "payload B");
            Map<String, String> plans = new LinkedHashMap<>();
            for (Kind kind : kinds) {
                if (!kind.endpoint().equals("flamegraph") || span.compareTo(kind.needs()) < 0) {
                    continue;
                }
                ProfileType type = ProfileType.parse(kind.profileType());
                Latencies[] steps = new Latencies[6];
                Arrays.setAll(steps, i -> new Latencies());
                long rows = 0;
                long bytes = 0;
                int seriesRead = 0;
                long snapshots = 0;
                for (int i = 0; i < warmup + inReps; i++) {
                    long[] w = window(kind.window(), kind.needs());
                    long t0 = System.nanoTime();
                    int tenantId = catalog.tenantId(tenant).orElseThrow();
                    List<SeriesInfo> series = new ArrayList<>();
                    for (SeriesInfo info : catalog.series(tenantId, type.id(), labelSelector.equalityValue(LabelSet.SERVICE_NAME).orElse(null))) {
                        if (labelSelector.matches(info.labels())) {
                            series.add(info);
                        }
                    }
                    long t1 = System.nanoTime();
                    // as ProfileQueries.merge: whole groups of a summed type from the group tiers
                    GroupCoverage coverage = type.aggregation() == Aggregation.SUM
                            ? catalog.coverage(tenantId, series, w[0], w[1]) : GroupCoverage.seriesOnly(series);
                    WindowRead read = reader.read(tenantId, coverage.seriesIds(), coverage.groupOfMember(), w[0], w[1], Tier.DAY);
                    long t2 = System.nanoTime();
                    Map<Long, SeriesInfo> byId = new HashMap<>();
                    series.forEach(info -> byId.put(info.id(), info));
                    Map<Long, SeriesInfo> groupById = new HashMap<>();
                    coverage.groups().forEach(info -> groupById.put(info.id(), info));
                    List<SeriesProfile> profiles = new ArrayList<>(symbols.profiles(tenantId, read.series(), byId, w[0] * 1000, (w[1] - w[0]) * 1000));
                    profiles.addAll(symbols.profiles(tenantId, read.groups(), groupById, w[0] * 1000, (w[1] - w[0]) * 1000));
                    List<SeriesSums> sums = new ArrayList<>(read.series());
                    sums.addAll(read.groups());
                    long t3 = System.nanoTime();
                    List<SeriesWindow> windows = new ArrayList<>(profiles.size());
                    long snapshotsRead = 0;
                    for (int p = 0; p < profiles.size(); p++) {
                        windows.add(new SeriesWindow(profiles.get(p), sums.get(p).snapshots()));
                        snapshotsRead += sums.get(p).snapshots();
                    }
                    SeriesProfile merged = windows.isEmpty() ? null : WindowAggregator.aggregate(type, windows).profile();
                    long t4 = System.nanoTime();
                    if (merged != null) {
                        FlameGraph.flamebearer(List.of(merged), FlameGraph.DEFAULT_MAX_NODES);
                    }
                    long t5 = System.nanoTime();
                    if (i >= warmup) {
                        steps[0].record(t1 - t0);
                        steps[1].record(t2 - t1);
                        steps[2].record(t3 - t2);
                        steps[3].record(t4 - t3);
                        steps[4].record(t5 - t4);
                        steps[5].record(t5 - t0);
                        rows += read.stats().rows();
                        bytes += read.stats().bytes();
                        seriesRead = windows.size();
                        snapshots = snapshotsRead;
                    }
                    if (i == 0) {
                        plans.put(kind.label(), plan(read));
                    }
                }
                System.out.printf("%-34s %7.1f %7.1f %7.1f %7.1f %7.1f %8.1f %8.1f %7d %9d %10d %11d%n", kind.label(), steps[0].percentileMillis(50),
                        steps[1].percentileMillis(50), steps[2].percentileMillis(50), steps[3].percentileMillis(50), steps[4].percentileMillis(50),
                        steps[5].percentileMillis(50), steps[5].percentileMillis(99), seriesRead, snapshots, rows / inReps, bytes / inReps);
            }
            System.out.println("(lookup: SeriesCatalog; read: WindowReader over the rollups, rows and payload bytes from WindowRead.stats(); symbols:"
                    + " StackSymbols; aggr: WindowAggregator; flame: FlameGraph.flamebearer, 8192 nodes. series: series with data in the window)");
            System.out.println("plans of one window of each kind (buckets per tier, raw pieces and the raw seconds they cover):");
            plans.forEach((label, plan) -> System.out.printf("  %-34s %s%n", label, plan));
        }

        /** The plan of a read: pieces per tier for every {@link Tier} there is, coarsest first, then the raw pieces. */
        private static String plan(WindowRead read) {
            EnumMap<Tier, Long> byTier = new EnumMap<>(Tier.class);
            long rawPieces = 0;
            long rawMicros = 0;
            for (Piece piece : read.groupPlan().isEmpty() ? read.plan() : read.groupPlan()) {
                if (piece.raw()) {
                    rawPieces++;
                    rawMicros += piece.toMicros() - piece.fromMicros();
                } else {
                    byTier.merge(piece.tier(), 1L, Long::sum);
                }
            }
            StringBuilder text = new StringBuilder();
            Tier[] tiers = Tier.values();
            for (int i = tiers.length - 1; i >= 0; i--) {
                text.append(tiers[i].name().toLowerCase()).append(' ').append(byTier.getOrDefault(tiers[i], 0L)).append(", ");
            }
            return text.append(String.format("raw %d pieces (%.1f s)", rawPieces, rawMicros / 1e6)).toString();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** /proc/loadavg's 1, 5 and 15 minute figures: other work on the machine shows up in every latency. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(0, micros * 1000);
    }
}
