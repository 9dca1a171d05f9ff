package dev.pyrometer.ingest.config;

import dev.pyrometer.ingest.connect.ConnectPushConversion;
import dev.pyrometer.ingest.http.HttpPushEdge;
import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.PushPipeline;
import dev.pyrometer.ingest.pyroscope.IngestConversion;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP push edges (Pyroscope's /ingest, the Connect push) over the same pipeline, inbound budget
 * and handler threads as the gRPC edge, with the same limits.
 */
@Configuration(proxyBeanMethods = false)
public class HttpEdgeConfiguration {
    @Bean
    public HttpPushEdge httpPushEdge(PushPipeline pipeline, InboundBudget budget, ExecutorService grpcHandlers, IngestMetrics metrics,
                                     TenantIngestLimiter tenantIngestLimiter) {
        return new HttpPushEdge(pipeline, budget, grpcHandlers, metrics, tenantIngestLimiter);
    }

    @Bean
    public IngestConversion ingestConversion(IngestProperties properties) {
        return new IngestConversion(properties.limits().profileLimits(), Clock.systemUTC());
    }

    @Bean
    public ConnectPushConversion connectPushConversion(IngestProperties properties) {
        return new ConnectPushConversion(properties.grpc().maxMessageBytes());
    }
}
