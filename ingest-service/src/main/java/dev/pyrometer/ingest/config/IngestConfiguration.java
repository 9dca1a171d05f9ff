package dev.pyrometer.ingest.config;

import dev.pyrometer.ingest.grpc.GrpcServer;
import dev.pyrometer.ingest.auth.PushAuthorization;
import dev.pyrometer.ingest.grpc.InboundBudgetInterceptor;
import dev.pyrometer.ingest.grpc.TenantInterceptor;
import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.health.DatabaseReadiness;
import dev.pyrometer.ingest.grpc.IngestEndpoint;
import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.limits.TenantSeriesLimit;
import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.PushPipeline;
import dev.pyrometer.ingest.pipeline.UploadValidator;
import dev.pyrometer.ingest.pipeline.WriteQueue;
import dev.pyrometer.ingest.tls.GrpcTls;
import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.partition.RetentionJob;
import dev.pyrometer.storage.write.ProfileWriter;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the ingest path: validator → bounded write queue → writer, behind the gRPC server. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {
    private static final Duration MAX_CONNECTION_AGE = Duration.ofMinutes(5);
    private static final Duration MAX_CONNECTION_AGE_GRACE = Duration.ofSeconds(30);

    @Bean
    public IngestMetrics ingestMetrics(MeterRegistry registry, ProfileWriter writer) {
        IngestMetrics metrics = new IngestMetrics(registry);
        metrics.bindDictionaries(writer);
        return metrics;
    }

    @Bean
    public UploadValidator uploadValidator(IngestProperties properties, RetentionJob retention) {
        IngestProperties.Limits limits = properties.limits();
        return new UploadValidator(limits.profileLimits(),
                received -> retention.firstKeptDay(received).atStartOfDay(ZoneOffset.UTC).toInstant(),
                limits.maxFutureSkew());
    }

    /** Closed (what waits is written, then the writers stop) once the servers that feed it have stopped. */
    @Bean(destroyMethod = "close")
    public WriteQueue writeQueue(ProfileWriter writer, IngestProperties properties, IngestMetrics metrics) {
        IngestProperties.Batch batch = properties.batch();
        WriteQueue queue = new WriteQueue(writer, batch.queueCapacity(), batch.queueBytes(), batch.size(), batch.linger(),
                WriteQueue.LingerPolicy.WHILE_ARRIVING, batch.maxQueueWait(), batch.writers(), metrics::batch);
        metrics.bindQueue(queue);
        return queue;
    }

    @Bean
    public InboundBudget inboundBudget(IngestProperties properties, IngestMetrics metrics) {
        InboundBudget budget = new InboundBudget(properties.grpc().inboundBudgetBytes(), properties.grpc().maxMessageBytes());
        metrics.bindInbound(budget);
        return budget;
    }

    @Bean
    public HealthIndicator databaseReadiness(Database database) {
        return new DatabaseReadiness(database.probe());
    }

    @Bean(destroyMethod = "shutdown")
    public ExecutorService grpcHandlers(IngestProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.grpc().handlerThreads(), runnable -> {
            Thread thread = new Thread(runnable, "grpc-handler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The gRPC port's credentials; stops re-reading certificate files when the context closes. */
    @Bean(destroyMethod = "close")
    public GrpcTls grpcTls(IngestProperties properties) throws IOException, GeneralSecurityException {
        return GrpcTls.start(properties.grpc().tls().settings());
    }

    @Bean
    public PushPipeline pushPipeline(IngestProperties properties, UploadValidator validator, WriteQueue queue, IngestMetrics metrics,
                                     Database database, TenantSeriesLimit tenantSeriesLimit) {
        return new PushPipeline(validator, queue, metrics, properties.limits().maxProfilesPerPush(), database.probe()::up,
                Clock.systemUTC(), tenantSeriesLimit);
    }

    @Bean
    public GrpcServer grpcServer(IngestProperties properties, PushPipeline pipeline, InboundBudget budget,
                                 ExecutorService grpcHandlers, GrpcTls grpcTls, PushAuthorization authorization,
                                 TenantIngestLimiter tenantIngestLimiter) {
        IngestEndpoint endpoint = new IngestEndpoint(pipeline, tenantIngestLimiter);
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(properties.grpc().address(), properties.grpc().port()),
                        grpcTls.credentials())
                .maxInboundMessageSize(properties.grpc().maxMessageBytes())
                // A connection lives at most MAX_CONNECTION_AGE (+ grace for calls in flight): a client that opens
                // calls and then stalls their bodies holds inbound budget for no longer than that.
                .maxConnectionAge(MAX_CONNECTION_AGE.toSeconds(), TimeUnit.SECONDS)
                .maxConnectionAgeGrace(MAX_CONNECTION_AGE_GRACE.toSeconds(), TimeUnit.SECONDS)
                .executor(grpcHandlers);
        // The write queue closes when its bean is destroyed, after the gRPC and HTTP servers have both drained.
        return new GrpcServer(builder, endpoint, new TenantInterceptor(authorization), new InboundBudgetInterceptor(budget), properties.grpc().shutdownGrace(), () -> {
        });
    }
}
