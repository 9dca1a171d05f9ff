package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.testing.Awaits;
import dev.pyrometer.storage.testing.KillablePostgres;
import dev.pyrometer.storage.testing.StreamingReplica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Profile reads between a real primary and a real streaming replica of it (two PostgreSQL servers started here).
 * The probe and the pools log in as a role with no rights beyond LOGIN. Each test leaves replay running.
 */
class ReadRoutingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String READER = "pyrometer_reader";
    private static final AtomicInteger MARKERS = new AtomicInteger();

    private static KillablePostgres primary;
    private static StreamingReplica replica;
    private static HikariDataSource primaryPool;
    private ReadRouting routing;

    @BeforeAll
    static void start() throws SQLException {
        primary = KillablePostgres.start();
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + READER + " LOGIN");
            statement.execute("CREATE TABLE marker (name text PRIMARY KEY)");
            statement.execute("GRANT SELECT ON marker TO " + READER);
        }
        replica = StreamingReplica.of(primary);
        primaryPool = new HikariDataSource(Database.poolConfig(settings(primary.server().port(), "test-primary"), url(primary.server().port())));
    }

    @AfterAll
    static void stop() throws IOException {
        if (primaryPool != null) {
            primaryPool.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @AfterEach
    void closeRouting() {
        if (routing != null) {
            routing.close();
        }
        replica.resumeReplay();
    }

    @Test
    void readsGoToACaughtUpReplicaAndToThePrimaryWhileItTrailsByMoreThanTheBound() throws Exception {
        routing = replicaRouting(replica.port());
        awaitState(ReplicaState.IN_USE);
        Awaits.until("a lag of exactly 0 s on an idle primary", PATIENCE, () -> routing.replicaStatus().orElseThrow().lagSeconds() == 0.0);
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.REPLICA);
        assertThat(routing.reads(ReadTarget.REPLICA)).isEqualTo(1);
        assertThat(routing.reads(ReadTarget.PRIMARY)).isZero();

        replica.pauseReplay();
        String marker = writeMarker();
        awaitState(ReplicaState.STALE);
        ReplicaStatus stale = routing.replicaStatus().orElseThrow();
        assertThat(stale.lagSeconds()).isGreaterThan(BOUND.toSeconds());
        assertThat(stale.replica().replayPaused()).isTrue();
        assertThat(stale.replica().replayed()).isLessThan(stale.primaryLsn());
        assertThat(stale.replica().walReceiver()).as("a role without pg_read_all_stats sees that a receiver runs, not its status")
                .isEqualTo("running");
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.PRIMARY);
        assertThat(markers(routing.dataSource())).as("a stale replica's reads are answered by the primary").contains(marker);

        replica.resumeReplay();
        awaitState(ReplicaState.IN_USE);
        assertThat(routing.replicaStatus().orElseThrow().lagSeconds()).isLessThanOrEqualTo(BOUND.toSeconds());
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.REPLICA);
        assertThat(markers(routing.dataSource())).contains(marker);
        assertThat(routing.reads(ReadTarget.REPLICA)).isEqualTo(3);
        assertThat(routing.reads(ReadTarget.PRIMARY)).isEqualTo(2);
    }

    @Test
    void aPinnedThreadStaysOnTheDatabaseOfItsFirstRead() throws Exception {
        routing = replicaRouting(replica.port());
        awaitState(ReplicaState.IN_USE);
        try (ReadPin pin = routing.pin()) {
            assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.REPLICA);
            replica.pauseReplay();
            writeMarker();
            awaitState(ReplicaState.STALE);
            try (ReadPin inner = routing.pin()) {
                assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.REPLICA);
            }
            assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.REPLICA);
        }
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.PRIMARY);
    }

    @Test
    void aServerThatIsNotInRecoveryIsNeverReadAsTheReplica() throws Exception {
        routing = replicaRouting(primary.server().port());
        awaitState(ReplicaState.NOT_IN_RECOVERY);
        assertThat(routing.replicaStatus().orElseThrow().replica().walReceiver()).isEqualTo("none");
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.PRIMARY);
    }

    @Test
    void aReplicaThatDoesNotAnswerSendsReadsToThePrimaryWithoutFailingTheStart() throws Exception {
        routing = replicaRouting(closedPort());
        awaitState(ReplicaState.UNREACHABLE);
        assertThat(routing.replicaStatus().orElseThrow().error()).startsWith("replica: ");
        assertThat(Double.isNaN(routing.replicaStatus().orElseThrow().lagSeconds())).isTrue();
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.PRIMARY);
    }

    @Test
    void withoutAReplicaEveryReadGoesToThePrimary() throws Exception {
        routing = ReadRouting.primaryOnly(primaryPool);
        assertThat(routing.replicaStatus()).isEmpty();
        assertThat(readFrom(routing.dataSource())).isEqualTo(ReadTarget.PRIMARY);
        assertThat(routing.reads(ReadTarget.PRIMARY)).isEqualTo(1);
    }

    @Test
    void aBoundShorterThanTheCheckIntervalIsRefused() {
        assertThatThrownBy(() -> ReadRouting.withReplica(primaryPool, settings(primary.server().port(), "p"),
                settings(replica.port(), "r"), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the replica's lag bound must be at least 1s (the lag is checked once a second), got PT0.5S");
    }

    private static ReadRouting replicaRouting(int replicaPort) {
        return ReadRouting.withReplica(primaryPool, settings(primary.server().port(), "test-primary"), settings(replicaPort, "test-replica"),
                BOUND);
    }

    private void awaitState(ReplicaState state) {
        Awaits.until("replica state " + state, PATIENCE, () -> routing.replicaStatus().orElseThrow().state() == state);
    }

    private static DatabaseSettings settings(int port, String poolName) {
        return new DatabaseSettings(url(port), READER, "", "", 0, 2, poolName);
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Which server answered a connection of {@code dataSource}: a standby is in recovery. */
    private static ReadTarget readFrom(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            row.next();
            return row.getBoolean(1) ? ReadTarget.REPLICA : ReadTarget.PRIMARY;
        }
    }

    private static String writeMarker() throws SQLException {
        String marker = "marker-" + MARKERS.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(primary.jdbcUrl()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO marker VALUES ('" + marker + "')");
        }
        return marker;
    }

    private static java.util.List<String> markers(DataSource dataSource) throws SQLException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM marker")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
