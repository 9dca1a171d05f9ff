package dev.pyrometer.agent.push.impl;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the agent's threads {@code pyrometer-agent-<role>-<n>} and makes them daemons, so they never
 * keep a host JVM alive and the javaagent can tell its own threads from the host's.
 */
public final class AgentThreads {
    public static final String PREFIX = "pyrometer-agent-";

    private AgentThreads() {
    }

    public static ThreadFactory factory(String role) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, PREFIX + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public static boolean isAgentThread(String name) {
        return name != null && name.startsWith(PREFIX);
    }
}
