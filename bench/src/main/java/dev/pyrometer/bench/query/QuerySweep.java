package dev.pyrometer.bench.query;

import dev.pyrometer.bench.common.Args;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet-size sweep: {@link QueryBench} over one service with each pod count of {@code --sweep-pods}
 * at each cadence of {@code --sweep-cadences}, one data set after the other, each kept in its own
 * directory under {@code --sweep-dir} (a later sweep measures the kept data again without loading),
 * then one summary table and the goals ({@link SweepReport}). Every other option goes to QueryBench
 * as it is; the sweep sets {@code --services=1}, {@code --pods}, {@code --cadence}, {@code --days} and
 * {@code --keep-data} per data set, and defaults {@code --stack-variants=16}, the four queries of the
 * table, {@code --kinds=cpu} (the table's queries read cpu only; loading the other five kinds would
 * take six times as long), 200 warm-up calls and 200 measured calls per query, and no in-process breakdown. It prints figures and asserts nothing.
 *
 * <pre>java -cp ... dev.pyrometer.bench.query.QuerySweep --query-jar=query-service/target/query-service-*-exec.jar \
 *     --sweep-dir=/var/tmp/pyrometer-query-sweep --sweep-pods=3,30,100 --sweep-cadences=60s,10s --sweep-days=60s:9,10s:3</pre>
 */
public final class QuerySweep {
    /** The queries the summary shows, in its column order (QueryBench's {@code --queries} keys). */
    static final List<String> QUERIES = List.of("merge-1h", "merge-24h", "merge-7d", "diff-24h");
    private static final List<String> SET_PER_DATA_SET = List.of("services", "pods", "cadence", "days", "keep-data", "jdbc-url");

    private QuerySweep() {
    }

    /** One data set of the sweep and what measuring it gave (null with the reason when it failed). */
    record DataSet(int pods, Duration cadence, double days, Path directory, QueryOutcome outcome, String failure) {
        String label() {
            return pods + " pods, " + cadence.toSeconds() + " s, " + SweepReport.number(days) + " d";
        }
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        for (String name : SET_PER_DATA_SET) {
            if (args.has(name)) {
                throw new IllegalArgumentException("--" + name + " is set per data set by the sweep; use --sweep-pods, --sweep-cadences, "
                        + "--sweep-days and --sweep-dir (each data set runs on its own embedded PostgreSQL)");
            }
        }
        Path root = Path.of(args.string("sweep-dir", "/var/tmp/pyrometer-query-sweep")).toAbsolutePath();
        List<Integer> podCounts = Arrays.stream(args.string("sweep-pods", "3,30,100").split(",")).map(String::trim).map(Integer::parseInt).toList();
        List<Duration> cadences = Arrays.stream(args.string("sweep-cadences", "60s,10s").split(","))
                .map(text -> Duration.parse("PT" + text.trim().toUpperCase())).toList();
        Map<Duration, Double> days = daysPerCadence(args.string("sweep-days", "60s:9,10s:3"), cadences);
        Args common = args.with("services", "1").with("jdbc-url", "")
                .with("stack-variants", args.string("stack-variants", "16"))
                .with("queries", args.string("queries", String.join(",", QUERIES)))
                .with("kinds", args.string("kinds", "cpu"))
                .with("inprocess-reps", args.string("inprocess-reps", "0"))
                // a running query-service is warm: 200 calls of each query first let the JIT compile the read path, so the
                // pod counts are compared on the work they cost rather than on how far compilation got (first answers print apart)
                .with("warmup", args.string("warmup", "200"))
                .with("reps", args.string("reps", "200"));
        String stackVariants = common.string("stack-variants", "16");
        Files.createDirectories(root);

        List<DataSet> plan = new ArrayList<>();
        for (Duration cadence : cadences) {
            for (int pods : podCounts) {
                double d = days.get(cadence);
                String name = String.format("pods%d-%ds-%sd-stacks%s", pods, cadence.toSeconds(), SweepReport.number(d), stackVariants);
                plan.add(new DataSet(pods, cadence, d, root.resolve(name), null, null));
            }
        }
        System.out.printf("Fleet-size sweep: %d data sets of one service (--stack-variants=%s), kept under %s%n", plan.size(), stackVariants, root);
        for (DataSet set : plan) {
            long rounds = Math.round(set.days() * 86_400 / set.cadence().toSeconds());
            System.out.printf("  %-22s %,14d uploads, %s%n", set.label(), rounds * set.pods() * QueryFleet.kinds(common.string("kinds", "cpu")).length,
                    Files.exists(set.directory().resolve("manifest.properties")) && !"true".equals(args.string("reload", "false"))
                            ? "loaded earlier (reused)" : "to load");
        }
        if (System.getenv("PYROMETER_JDBC_URL") != null) {
            System.out.println("(PYROMETER_JDBC_URL is ignored: every data set runs on its own embedded PostgreSQL)");
        }

        List<DataSet> results = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            DataSet set = plan.get(i);
            System.out.printf("%n======== data set %d of %d: %s (%s; %.1f GB free there) ========%n", i + 1, plan.size(), set.label(),
                    set.directory(), freeBytes(root) / 1e9);
            Args one = common.with("pods", Integer.toString(set.pods())).with("cadence", set.cadence().toSeconds() + "s")
                    .with("days", Double.toString(set.days())).with("keep-data", set.directory().toString());
            try {
                results.add(new DataSet(set.pods(), set.cadence(), set.days(), set.directory(), QueryBench.run(one), null));
            } catch (Exception e) {
                // A long unattended sweep goes on with the next data set; the summary says what failed.
                e.printStackTrace(System.out);
                results.add(new DataSet(set.pods(), set.cadence(), set.days(), set.directory(), null, String.valueOf(e.getMessage())));
            }
        }
        new SweepReport(results).print(System.out);
    }

    /** {@code --sweep-days}: one number for every cadence, or {@code cadence:days} pairs naming every cadence swept. */
    private static Map<Duration, Double> daysPerCadence(String text, List<Duration> cadences) {
        Map<Duration, Double> days = new LinkedHashMap<>();
        if (!text.contains(":")) {
            cadences.forEach(cadence -> days.put(cadence, Double.parseDouble(text.trim())));
            return days;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--sweep-days takes a number or cadence:days pairs such as 60s:9,10s:3; got '" + text + "'");
            }
            days.put(Duration.parse("PT" + parts[0].trim().toUpperCase()), Double.parseDouble(parts[1].trim()));
        }
        for (Duration cadence : cadences) {
            if (!days.containsKey(cadence)) {
                throw new IllegalArgumentException("--sweep-days names no days for the cadence " + cadence.toSeconds() + "s: " + text);
            }
        }
        return days;
    }

    private static long freeBytes(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
