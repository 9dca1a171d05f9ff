package dev.pyrometer.storage.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server run from the binaries on Maven Central, with its data in a local
 * directory that survives restarts: a first run needs no database set up. Not for production, but
 * as durable as one: fsync, synchronous commit and full-page writes are on, so a commit it
 * acknowledged survives a crash of the server or of the machine.
 *
 * <p>The owner may {@link #restartIfDead() restart} it after its postmaster died (it keeps its
 * port). A server left running by an earlier owner that was killed is stopped before a new start.
 */
public final class LocalPostgres implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private volatile EmbeddedPostgres postgres;
    private volatile int port;
    private volatile boolean closed;

    private LocalPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts PostgreSQL on {@code port} (0 picks a free one) with its data in {@code dataDirectory}. */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        LocalPostgres local = new LocalPostgres(dataDirectory, port);
        stopOrphan(dataDirectory);
        local.startServer();
        return local;
    }

    private synchronized void startServer() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        DurableSettings.apply(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        postgres = builder.start();
        port = postgres.getPort();
        log.info("Started a local PostgreSQL on port {} with its data in {} (fsync and synchronous commit on)",
                port, dataDirectory.toAbsolutePath());
    }

    /**
     * When the postmaster is gone (killed, crashed), starts it again on the same data and port;
     * PostgreSQL replays its WAL, so every acknowledged commit is back. Returns whether it restarted.
     * A start that fails (old backends still hold the shared memory) throws; call again later.
     */
    public synchronized boolean restartIfDead() throws IOException {
        if (closed || running()) {
            return false;
        }
        log.warn("The local PostgreSQL in {} is not running; starting it again", dataDirectory.toAbsolutePath());
        closeQuietly();
        startServer();
        return true;
    }

    /** Whether the postmaster recorded in the data directory is alive (and is a postgres process, not a reused pid). */
    public boolean running() {
        return postmasterPid(dataDirectory).flatMap(ProcessHandle::of).filter(LocalPostgres::isPostgres).isPresent();
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.isAlive() && process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    /** The postmaster's process id, while it runs. */
    public Optional<Long> pid() {
        return running() ? postmasterPid(dataDirectory) : Optional.empty();
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        postgres.close();
    }

    private void closeQuietly() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing the dead local PostgreSQL failed", e);
        }
    }

    /** Stops a postmaster that a killed earlier owner left running on this data directory. */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Optional<ProcessHandle> orphan = postmasterPid(dataDirectory).flatMap(ProcessHandle::of).filter(LocalPostgres::isPostgres);
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("A PostgreSQL (pid {}) left by an earlier run still serves {}; stopping it first",
                orphan.get().pid(), dataDirectory.toAbsolutePath());
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("the PostgreSQL left running in " + dataDirectory + " (pid " + orphan.get().pid()
                    + ") did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it by hand", e);
        }
    }

    /** The first line of {@code postmaster.pid}, which PostgreSQL writes while it runs (and leaves behind when killed). */
    public static Optional<Long> postmasterPid(Path dataDirectory) {
        Path file = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
