package dev.pyrometer.ingest.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server as a lifecycle bean: the ingest service (behind the tenant interceptor, which authenticates, then the
 * inbound budget) and the
 * standard health service, which reports SERVING while the server runs and NOT_SERVING while it drains.
 */
public final class GrpcServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);
    private static final String SERVICE = "pyrometer.ingest.v1.IngestService";

    private final ServerBuilder<?> builder;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Duration shutdownGrace;
    private final Runnable onStopped;
    private volatile Server server;

    /**
     * {@code tenant} authenticates a call when its headers arrive; only then does {@code budget} admit it before its
     * body is received, so a caller without valid credentials holds no inbound budget.
     */
    public GrpcServer(ServerBuilder<?> builder, BindableService ingest, TenantInterceptor tenant, InboundBudgetInterceptor budget,
                      Duration shutdownGrace, Runnable onStopped) {
        this.builder = builder
                .addService(ServerInterceptors.intercept(ingest, budget, tenant))
                .addService(health.getHealthService());
        this.shutdownGrace = shutdownGrace;
        this.onStopped = onStopped;
    }

    @Override
    public void start() {
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server", e);
        }
        health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
        health.setStatus(SERVICE, HealthCheckResponse.ServingStatus.SERVING);
        log.info("gRPC ingest listening on port {}", server.getPort());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        // NOT_SERVING while draining; not the terminal state, so that a restart (a paused and resumed context) serves again.
        health.setStatus("", HealthCheckResponse.ServingStatus.NOT_SERVING);
        health.setStatus(SERVICE, HealthCheckResponse.ServingStatus.NOT_SERVING);
        running.shutdown();
        try {
            if (!running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        onStopped.run();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }
}
