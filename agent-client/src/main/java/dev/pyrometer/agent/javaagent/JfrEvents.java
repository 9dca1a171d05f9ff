package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.push.impl.AgentThreads;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

import java.util.function.Consumer;

/**
 * Adds Flight Recorder events to the current {@link JfrWindow}. Lock waits of the agent's own
 * threads are skipped (they are the agent idling, not the host contending). Works the same on a
 * live stream and on events read from a recording file.
 */
final class JfrEvents implements Consumer<RecordedEvent> {
    private final JfrWindow window;
    private final long cpuPeriodNanos;

    JfrEvents(JfrWindow window, long cpuPeriodNanos) {
        this.window = window;
        this.cpuPeriodNanos = cpuPeriodNanos;
    }

    @Override
    public void accept(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> window.add(JfrProfileKind.CPU, event.getStackTrace(), 1, cpuPeriodNanos);
            case "jdk.ObjectAllocationSample" -> window.add(JfrProfileKind.ALLOC, event.getStackTrace(), event.getLong("weight"));
            case "jdk.JavaMonitorEnter" -> lock(JfrProfileKind.MUTEX, event);
            case "jdk.ThreadPark" -> lock(JfrProfileKind.BLOCK, event);
            default -> {
                // not an event the agent enabled
            }
        }
    }

    private void lock(JfrProfileKind kind, RecordedEvent event) {
        RecordedThread thread = event.getThread();
        if (thread != null && AgentThreads.isAgentThread(thread.getJavaName())) {
            return;
        }
        window.add(kind, event.getStackTrace(), 1, event.getDuration().toNanos());
    }
}
