package dev.pyrometer.storage.testing;

import dev.pyrometer.storage.db.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;

/**
 * A real PostgreSQL hot standby of a test's own primary, streaming its WAL, on a free port. The binaries have
 * no {@code pg_basebackup}, so it is made with the low-level backup API as PostgreSQL documents it: a
 * replication role, a {@code pg_hba.conf} line and a physical replication slot on the primary; then
 * {@code pg_backup_start}, a copy of the data directory (without {@code postmaster.pid}, the WAL and the other
 * runtime directories' contents), {@code pg_backup_stop} on the same connection, its backup label written into
 * the copy, and {@code standby.signal} with {@code primary_conninfo} and {@code primary_slot_name}.
 */
public final class StreamingReplica implements AutoCloseable {
    /** The role the replica streams as. */
    public static final String ROLE = "pyrometer_replicator";
    private static final String SLOT = "pyrometer_replica";
    /** Directories whose contents a base backup leaves out (PostgreSQL recreates or refills them). */
    private static final Set<String> RUNTIME_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    /** Files a base backup leaves out; {@code epg-lock} is the embedded server's own lock file. */
    private static final Set<String> RUNTIME_FILES = Set.of("postmaster.pid", "postmaster.opts", "pg_internal.init", "epg-lock");

    private final LocalPostgres server;
    private final Path dataDirectory;
    private final String primaryUrl;

    private StreamingReplica(LocalPostgres server, Path dataDirectory, String primaryUrl) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.primaryUrl = primaryUrl;
    }

    /** Makes a standby of {@code primary} and starts it; returns once it accepts reads. */
    public static StreamingReplica of(KillablePostgres primary) {
        try {
            Path copy = Files.createTempDirectory("pyrometer-pg-replica-");
            try (Connection connection = DriverManager.getConnection(primary.jdbcUrl()); Statement statement = connection.createStatement()) {
                prepareForReplication(primary, statement);
                statement.execute("SELECT pg_backup_start('pyrometer-replica', true)");
                copyDataDirectory(primary.dataDirectory(), copy);
                try (ResultSet stop = statement.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                    stop.next();
                    Files.writeString(copy.resolve("backup_label"), stop.getString(1), StandardCharsets.UTF_8);
                    String tablespaces = stop.getString(2);
                    if (tablespaces != null && !tablespaces.isEmpty()) {
                        Files.writeString(copy.resolve("tablespace_map"), tablespaces, StandardCharsets.UTF_8);
                    }
                }
            }
            Files.createFile(copy.resolve("standby.signal"));
            Files.writeString(copy.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.server().port()
                    + " user=" + ROLE + " application_name=" + SLOT + "'\nprimary_slot_name = '" + SLOT + "'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new StreamingReplica(LocalPostgres.start(copy, 0), copy, primary.jdbcUrl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a streaming replica", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make a streaming replica", e);
        }
    }

    /** A replication role, its pg_hba line (first, so it wins) and a slot that keeps the WAL the replica still needs. */
    private static void prepareForReplication(KillablePostgres primary, Statement statement) throws SQLException, IOException {
        try (ResultSet level = statement.executeQuery("SHOW wal_level")) {
            level.next();
            if ("minimal".equals(level.getString(1))) {
                throw new IllegalStateException("the primary runs with wal_level=minimal; streaming needs replica or logical");
            }
        }
        statement.execute("CREATE ROLE " + ROLE + " WITH REPLICATION LOGIN");
        Path hba = primary.dataDirectory().resolve("pg_hba.conf");
        Files.writeString(hba, "host replication " + ROLE + " 127.0.0.1/32 trust\n" + Files.readString(hba, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
        statement.execute("SELECT pg_reload_conf()");
        statement.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
    }

    /** Copies a running server's data directory as a base backup does; files that vanish meanwhile are skipped. */
    private static void copyDataDirectory(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(directory);
                Files.createDirectories(target.resolve(relative.toString()));
                boolean runtime = relative.getNameCount() == 1 && RUNTIME_DIRECTORIES.contains(relative.toString());
                return runtime || directory.getFileName().toString().startsWith("pgsql_tmp")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String name = file.getFileName().toString();
                if (!RUNTIME_FILES.contains(name) && !name.startsWith("pgsql_tmp")) {
                    try {
                        Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException vanished) {
                        // dropped by the server during the copy; the WAL replay accounts for it
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.createDirectories(target.resolve("pg_wal/archive_status"));
        Files.createDirectories(target.resolve("pg_wal/summaries"));
    }

    /** The replica's JDBC URL (superuser {@code postgres}, database {@code postgres}); it takes reads only. */
    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public int port() {
        return server.port();
    }

    /** Stops applying WAL ({@code pg_wal_replay_pause()}): the replica keeps receiving but its data stands still. */
    public void pauseReplay() {
        execute(jdbcUrl(), "SELECT pg_wal_replay_pause()");
    }

    /** Applies WAL again ({@code pg_wal_replay_resume()}). */
    public void resumeReplay() {
        execute(jdbcUrl(), "SELECT pg_wal_replay_resume()");
    }

    /** Waits until the replica has replayed all the WAL the primary had written when this was called. */
    public void awaitCaughtUp(Duration patience) {
        long target = position(primaryUrl, "pg_current_wal_lsn()");
        Awaits.until("the replica replays the primary's WAL up to byte " + target, patience,
                () -> position(jdbcUrl(), "pg_last_wal_replay_lsn()") >= target);
    }

    private static long position(String url, String function) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT (" + function + " - '0/0'::pg_lsn)::bigint")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + function + " from " + url, e);
        }
    }

    private static boolean dropSlot(String primaryUrl) {
        try (Connection connection = DriverManager.getConnection(primaryUrl); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url, e);
        }
    }

    /** Stops the replica, drops its slot when the primary still runs (so it keeps no WAL for it) and deletes its data. */
    @Override
    public void close() throws IOException {
        server.close();
        try {
            Awaits.until("the primary's slot " + SLOT + " is released", Duration.ofSeconds(30), () -> dropSlot(primaryUrl));
        } catch (AssertionError e) {
            // the primary is gone or still holds it: its data goes with the primary
        }
        try (var paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
