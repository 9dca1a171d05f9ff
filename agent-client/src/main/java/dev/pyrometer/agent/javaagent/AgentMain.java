package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.config.CommonSetup;
import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.api.PushObserver;
import dev.pyrometer.agent.push.impl.AgentThreads;
import dev.pyrometer.agent.push.impl.GrpcPushClient;
import jdk.jfr.FlightRecorder;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The jar's Premain-Class and Agent-Class: {@code -javaagent:pyrometer-agent.jar=service_name=api,server=host:4100}.
 * Returns at once; set-up happens on a daemon thread so the host's start is not delayed, and any
 * problem (bad options, no Flight Recorder, no server) ends in a log line and a disabled agent,
 * never in an exception in the host. At JVM shutdown the last window is pushed, for at most
 * {@code push.shutdown-timeout}.
 */
public final class AgentMain {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private AgentMain() {
    }

    public static void premain(String options, Instrumentation instrumentation) {
        launch(options);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        launch(options);
    }

    private static void launch(String options) {
        try {
            if (!STARTED.compareAndSet(false, true)) {
                AgentLog.warn("javaagent: already running, ignoring a second start");
                return;
            }
            Thread starter = AgentThreads.factory("start").newThread(() -> start(options));
            starter.start();
        } catch (Throwable t) {
            AgentLog.error("javaagent disabled: could not start", t);
        }
    }

    private static void start(String options) {
        try {
            CommonSetup setup = CommonSetup.load(AgentOptions.parse(options), System.getenv());
            JfrConfig config = JfrConfig.from(setup.config());
            if (!FlightRecorder.isAvailable()) {
                AgentLog.warn("javaagent disabled: Flight Recorder is not available in this JVM");
                return;
            }
            PushClient push = GrpcPushClient.open(setup.push(), PushObserver.NONE);
            JfrProfiler profiler = new JfrProfiler(config, setup.labels(), push);
            try {
                profiler.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    profiler.close();
                    push.close();
                }, AgentThreads.PREFIX + "shutdown"));
            } catch (Throwable t) {
                profiler.close();
                push.close();
                throw t;
            }
            AgentLog.info("javaagent profiling service_name=" + setup.labels().get("service_name") + " with labels " + setup.labels()
                    + " every " + config.interval().toSeconds() + " s, pushing to " + setup.push().server());
        } catch (ConfigException e) {
            AgentLog.warn("javaagent disabled: " + e.getMessage());
        } catch (Throwable t) {
            AgentLog.error("javaagent disabled: could not start", t);
        }
    }
}
