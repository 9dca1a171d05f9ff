package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.auth.PushAuthFilter;
import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.PushPipeline;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.ingest.pipeline.StoredProfile;
import dev.pyrometer.ingest.tenant.TenantIds;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What the HTTP push edges share: the tenant {@link PushAuthFilter} resolved, the body read within the inbound budget (on
 * the servlet thread) and admitted to the tenant's ingest rate ({@link TenantIngestLimiter}), then conversion and validation on the bounded handler pool that gRPC pushes
 * use too (so at most that many profiles are decoded at once, whatever the edge), then the
 * {@link PushPipeline}. The body's reservation is returned once the push is validated. Failures
 * complete the future with a {@link PushRefusal}.
 */
public final class HttpPushEdge {
    /** Turns one request body into the push's profiles, or refuses it. Runs on a handler thread. */
    @FunctionalInterface
    public interface Conversion {
        ConvertedPush convert(byte[] body) throws PushRefusal;
    }

    private final PushPipeline pipeline;
    private final InboundBudget budget;
    private final Executor handlers;
    private final IngestMetrics metrics;
    private final TenantIngestLimiter limiter;

    public HttpPushEdge(PushPipeline pipeline, InboundBudget budget, Executor handlers, IngestMetrics metrics, TenantIngestLimiter limiter) {
        this.limiter = limiter;
        this.pipeline = pipeline;
        this.budget = budget;
        this.handlers = handlers;
        this.metrics = metrics;
    }

    public InboundBudget budget() {
        return budget;
    }

    public CompletableFuture<List<StoredProfile>> push(HttpServletRequest request, Conversion conversion) {
        return push(request, conversion, Long.MAX_VALUE);
    }

    /**
     * @param deadlineNanos {@link System#nanoTime()} by which the client needs the answer (a Connect
     *                      timeout); {@link Long#MAX_VALUE} for none, when the queue's own wait bound applies
     */
    public CompletableFuture<List<StoredProfile>> push(HttpServletRequest request, Conversion conversion, long deadlineNanos) {
        String tenant;
        HttpBody body;
        try {
            tenant = tenant(request);
            body = HttpBody.read(request, budget);
        } catch (PushRefusal refusal) {
            return CompletableFuture.failedFuture(refusal);
        }
        try {
            // One profile of the body's size before it is decoded; a request that turns out to hold more takes the rest below.
            limiter.admit(tenant, 1, body.bytes().length);
        } catch (PushRefusal refusal) {
            body.close();
            return CompletableFuture.failedFuture(refusal);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (body) {
                    ConvertedPush push;
                    try {
                        push = conversion.convert(body.bytes());
                    } catch (PushRefusal refusal) {
                        // A request that never became a push counts as one received, one rejected profile.
                        metrics.received(1, body.bytes().length);
                        metrics.rejectedAll(refusal.reason(), 1);
                        throw refusal;
                    }
                    if (push.profiles().size() > 1) {
                        limiter.admit(tenant, push.profiles().size() - 1, 0);
                    }
                    return pipeline.push(tenant, push.profiles(), push.naming(), deadlineNanos, () -> false);
                } catch (PushRefusal refusal) {
                    throw new CompletionException(refusal);
                }
            }, handlers).thenCompose(written -> written);
        } catch (RejectedExecutionException e) {
            body.close();
            return CompletableFuture.failedFuture(PushRefusal.unavailable("ingest is shutting down; retry", HttpBody.BUDGET_RETRY_AFTER));
        }
    }

    /** The tenant {@link PushAuthFilter} resolved from the credentials; never the bare header. */
    private static String tenant(HttpServletRequest request) throws PushRefusal {
        Object tenant = request.getAttribute(PushAuthFilter.TENANT_ATTRIBUTE);
        if (tenant == PushAuthFilter.INVALID_TENANT) {
            throw PushRefusal.invalid(TenantIds.INVALID_MESSAGE);
        }
        if (!(tenant instanceof String resolved)) {
            throw new IllegalStateException("push on " + request.getRequestURI() + " reached the edge without authentication");
        }
        return resolved;
    }

    /** The refusal a push's future failed with; anything else is a bug, reported as unavailable. */
    public static PushRefusal refusalOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof PushRefusal refusal ? refusal
                : PushRefusal.unavailable("the push failed: " + cause, HttpBody.BUDGET_RETRY_AFTER);
    }
}
