package dev.pyrometer.ingest.config;

import dev.pyrometer.ingest.grpc.GrpcServer;
import dev.pyrometer.ingest.grpc.IngestEndpoint;
import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.UploadValidator;
import dev.pyrometer.ingest.pipeline.WriteQueue;
import dev.pyrometer.storage.partition.RetentionJob;
import dev.pyrometer.storage.write.ProfileWriter;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneOffset;

/** Wires the ingest path: validator → bounded write queue → writer, behind the gRPC server. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

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

    @Bean
    public WriteQueue writeQueue(ProfileWriter writer, IngestProperties properties, IngestMetrics metrics) {
        IngestProperties.Batch batch = properties.batch();
        WriteQueue queue = new WriteQueue(writer, batch.queueCapacity(), batch.size(), batch.linger(), batch.writers(), metrics::batch);
        metrics.bindQueue(queue);
        return queue;
    }

    @Bean
    public GrpcServer grpcServer(IngestProperties properties, UploadValidator validator, WriteQueue queue, IngestMetrics metrics) {
        IngestEndpoint endpoint = new IngestEndpoint(validator, queue, metrics, properties.limits().maxProfilesPerPush(), Clock.systemUTC());
        ServerBuilder<?> builder = ServerBuilder.forPort(properties.grpc().port()).maxInboundMessageSize(properties.grpc().maxMessageBytes());
        return new GrpcServer(builder, endpoint, properties.grpc().shutdownGrace(), () -> {
            try {
                queue.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
