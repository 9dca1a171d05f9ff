package dev.pyrometer.agent.it;

import dev.pyrometer.agent.demo.JvmDemo;
import dev.pyrometer.agent.testing.DemoJvm;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.SharedIngest;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar as {@code -javaagent} on a separate JVM running {@link JvmDemo}. */
class JavaAgentIT {
    private static final String DEMO = JvmDemo.class.getName();
    private static final String PREFIX = DEMO.replace('.', '/') + ".";

    @Test
    void theHeavyMethodsLeadTheirProfiles() throws Exception {
        IngestServer ingest = SharedIngest.server();
        DemoJvm.Run run = runDemo("service_name=jvm-demo,server=" + ingest.target() + ",interval=2s,labels.env=it", 8, true);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("JvmDemo done").contains("javaagent profiling service_name=jvm-demo");
        StoredProfiles store = SharedIngest.store();

        List<SeriesProfile> cpu = store.profiles("jvm-demo", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(cpu).hasSizeGreaterThanOrEqualTo(3);
        FunctionTotals cpuTop = FunctionTotals.of(cpu);
        assertThat(cpuTop.rows().get(0).function()).as(cpuTop.rows().subList(0, Math.min(5, cpuTop.rows().size())).toString()).isEqualTo(PREFIX + "cpuHeavy");
        assertThat(cpu.get(0).labels().get("env")).isEqualTo("it");

        // the allocation types Pyroscope's Java agent reports, from the JDK's TLAB events
        for (String type : List.of("memory:alloc_in_new_tlab_bytes:bytes:space:bytes", "memory:alloc_in_new_tlab_objects:count:space:bytes",
                "memory:alloc_outside_tlab_bytes:bytes:space:bytes", "memory:alloc_outside_tlab_objects:count:space:bytes")) {
            FunctionTotals allocTop = store.top("jvm-demo", type);
            assertThat(allocTop.rows()).as(type).isNotEmpty();
            assertThat(allocTop.rows().get(0).function()).as(type + ": " + allocTop.rows().subList(0, Math.min(5, allocTop.rows().size())))
                    .isEqualTo(PREFIX + "allocHeavy");
        }
        assertThat(store.profiles("jvm-demo", "memory:alloc_sample_bytes:bytes:space:bytes")).as("allocation samples are off by default").isEmpty();

        FunctionTotals mutex = store.top("jvm-demo", "mutex:delay:nanoseconds:mutex:count");
        assertThat(mutex.rows()).anySatisfy(row -> {
            assertThat(row.function()).isEqualTo(PREFIX + "lockHeavy");
            assertThat(row.cum()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
        });

        Frame frame = cpu.stream().flatMap(p -> java.util.stream.IntStream.range(0, p.stackCount()).mapToObj(p::stackFrames))
                .flatMap(List::stream).filter(f -> f.function().equals(PREFIX + "cpuHeavy")).findFirst().orElseThrow();
        assertThat(frame.file()).isEqualTo("dev/pyrometer/agent/demo/JvmDemo.java");
        assertThat(frame.line()).isPositive();
    }

    @Test
    void anUnreachableServerCostsTheHostNothingButLogLines() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DemoJvm.Run run = runDemo("service_name=jvm-demo-offline,server=127.0.0.1:" + closedPort
                + ",interval=1s,push.queue-profiles=3,push.backoff-max=1s,push.shutdown-timeout=1s", 4, true);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("JvmDemo done").contains("cannot push to 127.0.0.1:" + closedPort)
                .contains("queue full, dropped the oldest profile").contains("dropped");
    }

    @Test
    void badOptionsDisableTheAgentNotTheHost() throws Exception {
        DemoJvm.Run run = runDemo("server=127.0.0.1:1,interval=banana", 1, false);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("JvmDemo done").contains("javaagent disabled");
    }

    private static DemoJvm.Run runDemo(String agentOptions, int seconds, boolean awaitAgent) throws IOException, InterruptedException {
        return DemoJvm.run(agentOptions, seconds, awaitAgent);
    }
}
