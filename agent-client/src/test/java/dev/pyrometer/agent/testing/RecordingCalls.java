package dev.pyrometer.agent.testing;

import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;

import java.util.ArrayList;
import java.util.List;

/** A client interceptor that records the profile ids of every Push call sent, in order. */
public final class RecordingCalls implements ClientInterceptor {
    private final List<List<String>> calls = new ArrayList<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void sendMessage(Q message) {
                if (message instanceof PushRequest request) {
                    record(request.getProfilesList().stream().map(RawProfile::getId).toList());
                }
                super.sendMessage(message);
            }
        };
    }

    private synchronized void record(List<String> ids) {
        calls.add(ids);
    }

    /** The ids of each call, one list per call. */
    public synchronized List<List<String>> calls() {
        return new ArrayList<>(calls);
    }

    /** How many calls carried {@code id}. */
    public synchronized long callsWith(String id) {
        return calls.stream().filter(call -> call.contains(id)).count();
    }
}
