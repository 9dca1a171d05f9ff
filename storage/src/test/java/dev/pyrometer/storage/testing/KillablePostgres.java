package dev.pyrometer.storage.testing;

import dev.pyrometer.storage.db.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server of a test's own, durable as in production, that the test can crash with
 * {@code kill -9} of its postmaster and start again on the same data directory and port.
 */
public final class KillablePostgres implements AutoCloseable {
    private final LocalPostgres server;
    private final Path dataDirectory;

    private KillablePostgres(LocalPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** A new server in a fresh temporary directory, on a free port. */
    public static KillablePostgres start() {
        try {
            Path directory = Files.createTempDirectory("pyrometer-pg-");
            return new KillablePostgres(LocalPostgres.start(directory, 0), directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server this wraps, for code under test that takes a {@link LocalPostgres}. */
    public LocalPostgres server() {
        return server;
    }

    /** {@code kill -9} of the postmaster; returns once it is gone. Its backends exit on their own shortly after. */
    public void kill() {
        kill(dataDirectory);
    }

    /** {@code kill -9} of the postmaster serving {@code dataDirectory}; returns once it is gone. */
    public static void kill(Path dataDirectory) {
        ProcessHandle postmaster = LocalPostgres.postmasterPid(dataDirectory).flatMap(ProcessHandle::of)
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL runs in " + dataDirectory));
        postmaster.destroyForcibly();
        Awaits.until("postmaster " + postmaster.pid() + " exits", Duration.ofSeconds(30), () -> !postmaster.isAlive());
    }

    /** Starts the server again after {@link #kill()}, retrying while old backends still hold its shared memory. */
    public void restart() {
        Awaits.until("PostgreSQL starts again in " + dataDirectory, Duration.ofSeconds(60), () -> {
            try {
                server.restartIfDead();
                return server.running();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() throws IOException {
        server.close();
        try (var paths = Files.walk(dataDirectory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
