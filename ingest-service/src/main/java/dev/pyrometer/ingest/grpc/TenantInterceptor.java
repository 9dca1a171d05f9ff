package dev.pyrometer.ingest.grpc;

import dev.pyrometer.ingest.tenant.TenantIds;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Puts the call's tenant ({@link TenantIds}) into the gRPC {@link Context}: the {@code x-scope-orgid}
 * header, or "default" without one. A malformed tenant ends the call with INVALID_ARGUMENT.
 */
public final class TenantInterceptor implements ServerInterceptor {
    public static final String DEFAULT_TENANT = TenantIds.DEFAULT_TENANT;
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
    public static final Context.Key<String> TENANT = Context.key("pyrometer-tenant");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String tenant;
        try {
            tenant = TenantIds.of(headers.get(HEADER));
        } catch (IllegalArgumentException e) {
            call.close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
    }
}
