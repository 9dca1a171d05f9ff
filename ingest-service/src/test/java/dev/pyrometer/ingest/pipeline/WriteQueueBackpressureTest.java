package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.ingest.auth.PushAuthorization;
import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.grpc.TenantInterceptor;
import com.google.common.util.concurrent.ListenableFuture;
import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.ingest.grpc.GrpcServer;
import dev.pyrometer.ingest.grpc.InboundBudgetInterceptor;
import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.grpc.IngestEndpoint;
import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Receipts;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pyrometer.ingest.support.IngestTestKit.await;
import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.failsWith;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write queue under a database that stops answering: another connection holds an exclusive
 * lock on the {@code profile} table, so a real {@link ProfileWriter} blocks mid-batch. Pushes that
 * do not fit are refused at once with RESOURCE_EXHAUSTED, the queue never holds more than its
 * capacity, and once the lock is released everything taken is stored exactly once. Also how a
 * writer lingers over a partial batch: always, or only while a push is announced as arriving.
 */
class WriteQueueBackpressureTest {
    private static final UploadValidator VALIDATOR = new UploadValidator(ProfileLimits.defaults(), received -> Instant.EPOCH, Duration.ofHours(1));
    private static HikariDataSource database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** A queue bounded in profiles only (bytes and waiting time unbounded), with one writer. */
    private static WriteQueue queue(int capacity, int batchSize, Duration linger, java.util.function.Consumer<WriteQueue.BatchStats> onBatch) {
        return new WriteQueue(newWriter(), capacity, Long.MAX_VALUE, batchSize, linger, Duration.ofDays(1), 1, onBatch);
    }

    /** One writer, batches of at most two uploads, a ten-minute linger only while a push is arriving. */
    private static WriteQueue lingeringWhileArriving(java.util.function.Consumer<WriteQueue.BatchStats> onBatch) {
        return new WriteQueue(newWriter(), 8, Long.MAX_VALUE, 2, Duration.ofMinutes(10), WriteQueue.LingerPolicy.WHILE_ARRIVING,
                Duration.ofDays(1), 1, onBatch);
    }

    /** A push with no deadline whose caller never leaves. */
    private static WriteQueue.Push queued(List<Upload> uploads) {
        return new WriteQueue.Push(uploads, RetainedBytes.of(uploads), Long.MAX_VALUE, () -> false);
    }

    @Test
    void aBlockedWriterFillsTheQueueThenEverythingTakenIsStoredOnce() throws Exception {
        int capacity = 4;
        int batchSize = 2;
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = queue(capacity, batchSize, Duration.ZERO, batches::add);
        Map<String, CompletableFuture<List<WriteOutcome>>> taken = new ConcurrentHashMap<>();
        Map<String, String> refused = new ConcurrentHashMap<>();
        AtomicInteger deepest = new AtomicInteger();
        long rowsBefore = count(database, "SELECT count(*) FROM " + RawRows.all() + " AS p");

        try (TableLock lock = new TableLock("profile")) {
            taken.put("bp-first", queue.submit(queued(List.of(upload("bp-first")))));
            lock.awaitBlockedWriter();
            assertThat(queue.depth()).isEqualTo(1);

            // Eight pushes of one profile race for the three free places.
            ExecutorService senders = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Upload> racing = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racing.add(upload("bp-race-" + i));
            }
            for (Upload upload : racing) {
                senders.execute(() -> {
                    try {
                        go.await();
                        taken.put(upload.id(), queue.submit(queued(List.of(upload))));
                    } catch (QueueFullException e) {
                        refused.put(upload.id(), e.getMessage());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    deepest.accumulateAndGet(queue.depth(), Math::max);
                });
            }
            go.countDown();
            senders.shutdown();
            assertThat(senders.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

            assertThat(taken).hasSize(capacity);
            assertThat(refused).hasSize(8 - (capacity - 1));
            assertThat(refused.values()).containsOnly("write queue is full (4 of 4 profiles waiting); retry with backoff");
            assertThat(deepest.get()).isEqualTo(capacity);
            assertThat(queue.depth()).isEqualTo(capacity);
            // A push never partly fits: two profiles are refused together.
            assertThatThrownBy(() -> queue.submit(queued(List.of(upload("bp-pair-1"), upload("bp-pair-2")))))
                    .isInstanceOf(QueueFullException.class).hasMessageContaining("write queue is full");
            assertThat(queue.depth()).isEqualTo(capacity);
            assertThat(taken.values()).noneMatch(CompletableFuture::isDone);
            assertThat(lock.count("SELECT count(*) FROM " + RawRows.all() + " AS p")).isEqualTo(rowsBefore);
        }

        for (Map.Entry<String, CompletableFuture<List<WriteOutcome>>> push : taken.entrySet()) {
            assertThat(push.getValue().get(1, TimeUnit.MINUTES)).as(push.getKey()).containsExactly(WriteOutcome.STORED);
        }
        await("the queue drained", () -> queue.depth() == 0);
        queue.close();

        // cpu-1 splits into two series: each taken push is two rows, each refused push none.
        for (String id : taken.keySet()) {
            assertThat(rowsOf(id)).as(id).isEqualTo(2);
        }
        for (String id : refused.keySet()) {
            assertThat(rowsOf(id)).as(id).isZero();
        }
        assertThat(rowsOf("bp-pair-1") + rowsOf("bp-pair-2")).isZero();
        assertThat(count(database, "SELECT count(*) FROM " + RawRows.all() + " AS p") - rowsBefore).isEqualTo(2L * capacity);
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.failed()).isFalse();
            assertThat(batch.uploads()).isBetween(1, batchSize);
        });
        assertThat(batches.stream().mapToInt(WriteQueue.BatchStats::uploads).sum()).isEqualTo(capacity);
    }

    /**
     * A push arriving while a writer lingers to fill its batch joins that batch only if it fits:
     * a batch never holds more than {@code batchSize} uploads unless a single push is larger.
     */
    @Test
    void aPushThatArrivesWhileTheWriterLingersJoinsOnlyIfItFits() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        WriteQueue queue = queue(8, 2, Duration.ofMinutes(10), batches::add);
        Set<Thread> writers = new HashSet<>(Thread.getAllStackTraces().keySet());
        writers.removeAll(before);
        writers.removeIf(thread -> !thread.getName().startsWith("profile-writer-"));
        assertThat(writers).hasSize(1);
        Thread writer = writers.iterator().next();

        CompletableFuture<List<WriteOutcome>> single = queue.submit(queued(List.of(upload("linger-single"))));
        // Deterministically inside the linger wait: the writer holds a batch of one and waits for more.
        await("the writer lingers over a batch of one", () -> lingering(writer));
        CompletableFuture<List<WriteOutcome>> pair = queue.submit(queued(List.of(upload("linger-pair-1"), upload("linger-pair-2"))));

        assertThat(single.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        assertThat(pair.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED, WriteOutcome.STORED);
        queue.close();

        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1, 2);
        assertThat(rowsOf("linger-single") + rowsOf("linger-pair-1") + rowsOf("linger-pair-2")).isEqualTo(6);
    }

    /**
     * Lingering only while pushes arrive, with a ten-minute linger: each answer within a minute shows that the writer
     * did not sit out the linger. With nothing announced a push is written at once; while one is announced the writer
     * waits for it and both share a batch; an announced push that never comes (refused) ends the wait.
     */
    @Test
    void aWriterThatLingersWhileArrivingWaitsOnlyForAnnouncedPushes() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = lingeringWhileArriving(batches::add);

        assertThat(queue.submit(queued(List.of(upload("arriving-none")))).get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1);

        CompletableFuture<List<WriteOutcome>> first;
        CompletableFuture<List<WriteOutcome>> second;
        try (WriteQueue.Arrival arrival = queue.arrival()) {
            first = queue.submit(queued(List.of(upload("arriving-first"))));
            second = queue.submit(queued(List.of(upload("arriving-second"))));
        }
        assertThat(first.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        assertThat(second.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1, 2);

        CompletableFuture<List<WriteOutcome>> lone;
        try (WriteQueue.Arrival refused = queue.arrival()) {
            lone = queue.submit(queued(List.of(upload("arriving-lone"))));
        }
        assertThat(lone.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        queue.close();
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1, 2, 1);
        for (String id : List.of("arriving-none", "arriving-first", "arriving-second", "arriving-lone")) {
            assertThat(rowsOf(id)).as(id).isEqualTo(2);
        }
    }

    /**
     * Admission by time: a push that finds the queue empty is admitted whatever the estimate (it is written next),
     * while one behind a stalled writer that would not be reached within the queue's patience is refused at once.
     */
    @Test
    void anEmptyQueueAlwaysAdmitsAndAPushThatWouldWaitTooLongIsRefused() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = new WriteQueue(newWriter(), 8, Long.MAX_VALUE, 2, Duration.ZERO, Duration.ofNanos(1), 1, batches::add);
        CompletableFuture<List<WriteOutcome>> first;
        try (TableLock lock = new TableLock("profile")) {
            first = queue.submit(queued(List.of(upload("patience-first"))));
            lock.awaitBlockedWriter();
            assertThatThrownBy(() -> queue.submit(queued(List.of(upload("patience-second")))))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessageStartingWith("the write queue would not reach this push before its deadline (1 profiles ahead");
            assertThat(queue.depth()).isEqualTo(1);
        }
        assertThat(first.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        queue.close();
        assertThat(rowsOf("patience-first")).isEqualTo(2);
        assertThat(rowsOf("patience-second")).isZero();
    }

    /** The same through the gRPC edge: the refused client sees RESOURCE_EXHAUSTED and may retry later. */
    @Test
    void aFullQueueReachesTheGrpcClientAsResourceExhausted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        WriteQueue queue = queue(2, 2, Duration.ZERO, metrics::batch);
        metrics.bindQueue(queue);
        IngestEndpoint endpoint = new IngestEndpoint(new PushPipeline(VALIDATOR, queue, metrics, 1000, () -> true, Clock.systemUTC()),
                new TenantIngestLimiter(1e9, Long.MAX_VALUE / 4, tenant -> TenantLimits.NONE, new SimpleMeterRegistry(), System::nanoTime));
        GrpcServer server = new GrpcServer(ServerBuilder.forPort(0), endpoint,
                new TenantInterceptor(new PushAuthorization(Authenticator.OFF, new AuditLog())), new InboundBudgetInterceptor(new InboundBudget(64 << 20, 16 << 20)), Duration.ofSeconds(10), () -> {
            try {
                queue.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        ManagedChannel channel = IngestTestKit.channel(server.port());
        try {
            IngestServiceGrpc.IngestServiceFutureStub async = IngestServiceGrpc.newFutureStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
            PushRequest third = push(validProfile("endpoint-c", "backpressure-endpoint"));
            ListenableFuture<PushResponse> first;
            ListenableFuture<PushResponse> second;
            try (TableLock lock = new TableLock("profile")) {
                first = async.push(push(validProfile("endpoint-a", "backpressure-endpoint")));
                lock.awaitBlockedWriter();
                second = async.push(push(validProfile("endpoint-b", "backpressure-endpoint")));
                await("the second push is queued", () -> queue.depth() == 2);

                String description = failsWith(Status.Code.RESOURCE_EXHAUSTED, () -> IngestTestKit.stub(channel, null).push(third));

                assertThat(description).isEqualTo("write queue is full (2 of 2 profiles waiting); retry with backoff");
                assertThat(registry.get("pyrometer.ingest.profiles.rejected").tag("reason", "queue_full").counter().count()).isEqualTo(1);
                assertThat(registry.get("pyrometer.ingest.queue.depth").gauge().value()).isEqualTo(2);
                assertThat(first.isDone()).isFalse();
                assertThat(second.isDone()).isFalse();
            }
            assertThat(first.get(1, TimeUnit.MINUTES).getResultsList()).extracting(ProfileResult::getOutcome)
                    .containsExactly(Outcome.OUTCOME_ACCEPTED);
            assertThat(second.get(1, TimeUnit.MINUTES).getResultsList()).extracting(ProfileResult::getOutcome)
                    .containsExactly(Outcome.OUTCOME_ACCEPTED);
            assertThat(rowsOf("endpoint-c")).isZero();

            // The refused push succeeds on retry once the database is back.
            assertThat(IngestTestKit.stub(channel, null).push(third).getResultsList()).extracting(ProfileResult::getOutcome)
                    .containsExactly(Outcome.OUTCOME_ACCEPTED);
            for (String id : List.of("endpoint-a", "endpoint-b", "endpoint-c")) {
                assertThat(rowsOf(id)).as(id).isEqualTo(2);
            }
            assertThat(registry.get("pyrometer.ingest.profiles.accepted").counter().count()).isEqualTo(3);
        } finally {
            IngestTestKit.close(channel);
            server.stop();
        }
    }

    private static ProfileWriter newWriter() {
        return new ProfileWriter(database, new SeriesRegistry(1000), new SymbolResolver(10_000), new DailyPartitions());
    }

    private static Upload upload(String id) throws InvalidProfileException {
        return VALIDATOR.validate("default", validProfile(id, "backpressure"), Instant.now());
    }

    private static long rowsOf(String id) throws SQLException {
        return count(database, "SELECT count(*) FROM " + RawRows.all() + " AS p WHERE receipt = " + Receipts.of(id));
    }

    private static boolean lingering(Thread writer) {
        for (StackTraceElement frame : writer.getStackTrace()) {
            if (frame.getClassName().equals(WriteQueue.class.getName()) && frame.getMethodName().equals("collect")) {
                return writer.getState() == Thread.State.TIMED_WAITING;
            }
        }
        return false;
    }

    /** An open transaction on its own connection holding ACCESS EXCLUSIVE on a table; closing it rolls back. */
    private static final class TableLock implements AutoCloseable {
        private final Connection connection;

        TableLock(String table) throws SQLException {
            connection = DriverManager.getConnection(database.getJdbcUrl());
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
        }

        /** Waits until another session of this database waits for a lock: the writer is stuck inside its batch. */
        void awaitBlockedWriter() throws InterruptedException {
            await("a writer waits for the table lock", () -> {
                try {
                    return count("SELECT count(*) FROM pg_locks WHERE NOT granted "
                            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        long count(String sql) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
        }
    }
}
