package dev.pyrometer.agent.push.impl;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds the tenant ({@code x-scope-orgid}) and the bearer token ({@code authorization}) to every call. */
final class HeaderInterceptor implements ClientInterceptor {
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String tenant;
    private final String token;

    /** Empty strings send no header. */
    HeaderInterceptor(String tenant, String token) {
        this.tenant = tenant;
        this.token = token;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                if (!tenant.isEmpty()) {
                    headers.put(TENANT, tenant);
                }
                if (!token.isEmpty()) {
                    headers.put(AUTHORIZATION, "Bearer " + token);
                }
                super.start(listener, headers);
            }
        };
    }
}
