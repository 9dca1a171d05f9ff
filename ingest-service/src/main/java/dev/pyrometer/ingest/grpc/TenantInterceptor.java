package dev.pyrometer.ingest.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.regex.Pattern;

/**
 * Puts the call's tenant into the gRPC {@link Context}: the {@code x-scope-orgid} header, or
 * "default" without one. A malformed tenant ends the call with INVALID_ARGUMENT.
 */
public final class TenantInterceptor implements ServerInterceptor {
    public static final String DEFAULT_TENANT = "default";
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
    public static final Context.Key<String> TENANT = Context.key("pyrometer-tenant");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String tenant = headers.get(HEADER);
        if (tenant == null || tenant.isEmpty()) {
            tenant = DEFAULT_TENANT;
        } else if (!VALID.matcher(tenant).matches()) {
            call.close(Status.INVALID_ARGUMENT.withDescription(
                    "tenant header x-scope-orgid must be 1 to 64 of [A-Za-z0-9_.-]"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
    }
}
