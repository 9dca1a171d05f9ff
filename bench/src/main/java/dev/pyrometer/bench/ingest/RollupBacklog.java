package dev.pyrometer.bench.ingest;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rollup backlog over a run: every {@code every}, on one connection of its own, the rows of
 * {@code rollup_pending} per tier and the age of each tier's oldest mark ({@code now() - min(marked_at)}). Tier codes
 * are printed as stored, whatever they are. It reads only that table, so it works whatever tiers the rollup job has.
 */
final class RollupBacklog implements AutoCloseable {
    private static final String QUERY = "SELECT tier, count(*), (extract(epoch FROM now() - min(marked_at)) * 1000)::bigint "
            + "FROM rollup_pending GROUP BY tier ORDER BY tier";
    /** How many rows a tier may end above its early peak and still count as flat. */
    private static final int SLACK_ROWS = 2;

    /** One reading: seconds since the sampler started, the phase then, and per tier code {rows, oldest mark's age in ms}. */
    record Sample(double seconds, String phase, SortedMap<Integer, long[]> tiers) {
        long rows(int tier) {
            long[] tierSample = tiers.get(tier);
            return tierSample == null ? 0 : tierSample[0];
        }

        long ageMillis(int tier) {
            long[] tierSample = tiers.get(tier);
            return tierSample == null ? 0 : tierSample[1];
        }
    }

    private final Connection connection;
    private final long backendPid;
    private final long everyMillis;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile String phase = "start";
    private volatile boolean running = true;

    RollupBacklog(String jdbcUrl, Duration every) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl);
        this.everyMillis = every.toMillis();
        try (Statement statement = connection.createStatement(); ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            this.backendPid = pid.getLong(1);
        }
        this.thread = new Thread(this::loop, "rollup-backlog");
        this.thread.setDaemon(true);
    }

    /** The PostgreSQL process serving this sampler, so that its CPU is not counted as the server's. */
    long backendPid() {
        return backendPid;
    }

    void start() {
        thread.start();
    }

    /** Names the phase that later samples belong to, and takes one sample at once. */
    void phase(String name) {
        phase = name;
        sampleOnce();
    }

    /** Takes one sample at once, in the current phase (e.g. at the phase's end). */
    void sampleNow() {
        sampleOnce();
    }

    private void loop() {
        while (running) {
            sampleOnce();
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sampleOnce() {
        SortedMap<Integer, long[]> tiers = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
                tiers.put(rows.getInt(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        } catch (SQLException e) {
            System.out.println("rollup backlog: reading rollup_pending failed: " + e.getMessage());
            return;
        }
        samples.add(new Sample((System.nanoTime() - startNanos) / 1e9, phase, tiers));
    }

    /** Prints the samples as a table (rows / oldest mark's age per tier) and, for {@code measuredPhase}, whether it stayed flat. */
    synchronized void print(PrintStream out, String measuredPhase) {
        SortedSet<Integer> tiers = new TreeSet<>();
        samples.forEach(sample -> tiers.addAll(sample.tiers().keySet()));
        out.println("== rollup backlog (rollup_pending rows per tier / age of the oldest mark) ==");
        StringBuilder header = new StringBuilder(String.format("%7s  %-8s", "t (s)", "phase"));
        tiers.forEach(tier -> header.append(String.format("  %18s", "tier " + tier)));
        out.println(header);
        for (Sample sample : samples) {
            StringBuilder line = new StringBuilder(String.format("%7.1f  %-8s", sample.seconds(), sample.phase()));
            tiers.forEach(tier -> line.append(String.format("  %9d / %5.1f s", sample.rows(tier), sample.ageMillis(tier) / 1000.0)));
            out.println(line);
        }
        List<Sample> measured = samples.stream().filter(sample -> sample.phase().equals(measuredPhase)).toList();
        if (measured.size() < 2) {
            out.println("backlog: too few samples while measuring to say whether it stayed flat");
            return;
        }
        for (int tier : tiers) {
            out.println(summary(tier, measured));
        }
    }

    /**
     * Flat: the last sample holds at most {@value #SLACK_ROWS} rows more than the most seen in the first half of the
     * measured phase. The rollup job's runs make a saw-tooth, and the data's clock crossing into a new bucket adds a
     * row or two; a backlog that the job does not keep up with grows past both. The oldest mark's age is shown, not
     * judged: a bucket that is not due yet (today's day bucket) keeps its first mark and ages with the clock.
     */
    private static String summary(int tier, List<Sample> measured) {
        Sample first = measured.get(0);
        Sample last = measured.get(measured.size() - 1);
        List<Sample> firstHalf = measured.subList(0, (measured.size() + 1) / 2);
        long earlyRows = firstHalf.stream().mapToLong(sample -> sample.rows(tier)).max().orElse(0);
        long maxRows = measured.stream().mapToLong(sample -> sample.rows(tier)).max().orElse(0);
        long maxAge = measured.stream().mapToLong(sample -> sample.ageMillis(tier)).max().orElse(0);
        boolean flat = last.rows(tier) <= earlyRows + SLACK_ROWS;
        return String.format("backlog tier %d while measuring: first %d rows, last %d, max %d (first half's max %d); "
                        + "oldest mark at most %.1f s old, %.1f s at the end -> %s", tier, first.rows(tier), last.rows(tier), maxRows,
                earlyRows, maxAge / 1000.0, last.ageMillis(tier) / 1000.0, flat ? "flat" : "GROWING");
    }

    @Override
    public void close() throws SQLException {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
