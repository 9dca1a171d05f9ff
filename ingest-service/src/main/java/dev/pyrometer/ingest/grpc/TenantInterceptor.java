package dev.pyrometer.ingest.grpc;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.ingest.auth.PushAuthorization;
import dev.pyrometer.ingest.tenant.TenantIds;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.net.SocketAddress;

/**
 * Authenticates a gRPC call and puts its tenant into the gRPC {@link Context}: the {@code authorization} metadata
 * ({@code Bearer <token>} or {@code Basic}) through {@link PushAuthorization}, the {@code x-scope-orgid} metadata
 * narrowing to one of the token's tenants. Ends the call before its body is read with UNAUTHENTICATED (no or
 * invalid credentials), PERMISSION_DENIED (no push scope, or another tenant) or INVALID_ARGUMENT (a malformed
 * tenant), each with a description saying why.
 */
public final class TenantInterceptor implements ServerInterceptor {
    public static final String DEFAULT_TENANT = TenantIds.DEFAULT_TENANT;
    public static final String EDGE = "ingest-grpc";
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    public static final Context.Key<String> TENANT = Context.key("pyrometer-tenant");

    private final PushAuthorization authorization;

    public TenantInterceptor(PushAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String tenant;
        try {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            tenant = authorization.tenant(headers.get(AUTHORIZATION), headers.get(HEADER), EDGE, remote == null ? null : remote.toString());
        } catch (AuthException e) {
            Status status = e.kind() == AuthException.Kind.UNAUTHENTICATED ? Status.UNAUTHENTICATED : Status.PERMISSION_DENIED;
            return refuse(call, status.withDescription(e.getMessage()));
        } catch (IllegalArgumentException e) {
            return refuse(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
        return Contexts.interceptCall(Context.current().withValue(TENANT, tenant), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
