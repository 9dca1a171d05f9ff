package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.config.CommonSetup;
import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.api.PushObserver;
import dev.pyrometer.agent.push.impl.GrpcPushClient;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sidecar}: scrapes a Go service until the process is stopped. SIGTERM (or Ctrl-C) stops the
 * scraping and flushes what is queued for at most {@code push.shutdown-timeout}.
 */
public final class SidecarCommand {
    private SidecarCommand() {
    }

    /** Runs until the JVM shuts down; returns 2 at once when the settings are wrong. */
    public static int run(Map<String, String> flags, Map<String, String> env, PrintStream err) {
        CommonSetup setup;
        SidecarConfig config;
        try {
            setup = CommonSetup.load(flags, env);
            config = SidecarConfig.from(setup.config());
        } catch (ConfigException e) {
            err.println("sidecar: " + e.getMessage());
            return 2;
        }
        PushClient push = GrpcPushClient.open(setup.push(), PushObserver.NONE);
        Sidecar sidecar = new Sidecar(config, setup.labels(), push);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            AgentLog.info("sidecar stopping: flushing queued profiles");
            sidecar.close();
            push.close();
            stopped.countDown();
        }, "pyrometer-agent-shutdown"));
        AgentLog.info("sidecar for service_name=" + setup.labels().get("service_name") + " labels " + setup.labels()
                + " pushing to " + setup.push().server());
        sidecar.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
