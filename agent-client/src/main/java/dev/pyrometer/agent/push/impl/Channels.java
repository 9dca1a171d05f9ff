package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.config.TlsConfig;
import dev.pyrometer.agent.log.AgentLog;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channel to ingest-service: plaintext or TLS, one NIO I/O thread and one callback thread,
 * both agent daemons (a handful of calls a minute needs no more). gRPC's own retries are off; the
 * push client retries.
 */
final class Channels {
    private Channels() {
    }

    /** A channel plus the threads it owns; closing shuts all down. */
    record OwnedChannel(ManagedChannel channel, EventLoopGroup io, ExecutorService callbacks) {
        void shutdown() {
            channel.shutdown();
            try {
                if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            callbacks.shutdown();
        }
    }

    static OwnedChannel open(PushConfig config) {
        useUnpooledBuffers();
        NettyChannelBuilder builder;
        if (config.tls().enabled()) {
            builder = NettyChannelBuilder.forTarget(config.server(), credentials(config));
        } else {
            builder = NettyChannelBuilder.forTarget(config.server()).usePlaintext();
            if (!config.token().isEmpty()) {
                AgentLog.warn("a bearer token is configured but tls=false: the token travels in clear text");
            }
        }
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, AgentThreads.factory("grpc-io"), NioIoHandler.newFactory());
        ExecutorService callbacks = Executors.newSingleThreadExecutor(AgentThreads.factory("grpc"));
        ManagedChannel channel = builder
                .eventLoopGroup(io)
                .channelType(NioSocketChannel.class)
                .executor(callbacks)
                .offloadExecutor(callbacks)
                .disableRetry()
                .maxInboundMessageSize(4 << 20)
                .userAgent("pyrometer-agent")
                .intercept(new HeaderInterceptor(config.tenant(), config.token()))
                .build();
        return new OwnedChannel(channel, io, callbacks);
    }

    /**
     * A few calls a minute need no pooled buffer arenas, which would keep megabytes of direct memory.
     * These are grpc-netty-shaded's property names; shading relocates the literals along with the
     * classes that read them, so they never touch a host JVM's own gRPC or Netty. A value set on the
     * command line wins.
     */
    private static void useUnpooledBuffers() {
        System.getProperties().putIfAbsent("io.grpc.netty.shaded.io.grpc.netty.useCustomAllocator", "false");
        System.getProperties().putIfAbsent("io.grpc.netty.shaded.io.netty.allocator.type", "unpooled");
    }

    /** TLS trusting tls.ca-file (else the JVM's trust store), presenting tls.cert-file when set. */
    private static ChannelCredentials credentials(PushConfig config) {
        TlsConfig tls = config.tls();
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        if (!tls.caFile().isEmpty()) {
            try {
                builder.trustManager(new File(tls.caFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tls.ca-file " + tls.caFile() + ": " + e.getMessage(), e);
            }
        }
        if (tls.clientCertificate()) {
            try {
                builder.keyManager(new File(tls.certFile()), new File(tls.keyFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tls.cert-file " + tls.certFile() + " or tls.key-file " + tls.keyFile()
                        + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
