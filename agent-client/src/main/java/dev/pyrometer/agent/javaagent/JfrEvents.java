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
            // Allocation values are those profile-core's JFR ingest (dev.pyrometer.profile.jfr.JfrSamples) gives the same
            // events from Pyroscope's Java agent: 1 object, and as bytes the new TLAB's size (about the bytes the thread
            // allocated in TLABs since its previous one), the object's size outside a TLAB, or the sample's weight.
            case "jdk.ObjectAllocationInNewTLAB" -> allocation(JfrProfileKind.ALLOC_IN_NEW_TLAB, event, "tlabSize");
            case "jdk.ObjectAllocationOutsideTLAB" -> allocation(JfrProfileKind.ALLOC_OUTSIDE_TLAB, event, "allocationSize");
            case "jdk.ObjectAllocationSample" -> allocation(JfrProfileKind.ALLOC_SAMPLE, event, "weight");
            case "jdk.JavaMonitorEnter" -> lock(JfrProfileKind.MUTEX, event);
            case "jdk.ThreadPark" -> lock(JfrProfileKind.BLOCK, event);
            default -> {
                // not an event the agent enabled
            }
        }
    }

    /** Adds 1 object and the event's {@code bytesField} in bytes. */
    private void allocation(JfrProfileKind kind, RecordedEvent event, String bytesField) {
        window.add(kind, event.getStackTrace(), 1, event.getLong(bytesField));
    }

    private void lock(JfrProfileKind kind, RecordedEvent event) {
        RecordedThread thread = event.getThread();
        if (thread != null && AgentThreads.isAgentThread(thread.getJavaName())) {
            return;
        }
        window.add(kind, event.getStackTrace(), 1, event.getDuration().toNanos());
    }
}
