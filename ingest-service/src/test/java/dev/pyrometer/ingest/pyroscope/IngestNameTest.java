package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

class IngestNameTest {
    @Test
    void nameAndLabelsAreReadAsPyroscopeReadsThem() throws Exception {
        IngestName name = IngestName.parse(" my-app/x.cpu { env = prod , region=eu-1,env=dev,__session_id__=abc,empty=}trailing");
        assertThat(name.app()).isEqualTo("my-app/x.cpu");
        assertThat(name.labels()).containsExactly(entry("region", "eu-1"), entry("env", "dev"), entry("empty", ""));
        assertThat(IngestName.parse("app").labels()).isEmpty();
        assertThat(IngestName.parse("app{}").labels()).isEqualTo(Map.of());
    }

    @Test
    void badSyntaxIsRefusedNamingTheProblem() {
        assertRefused(null, "'name' is required");
        assertRefused("{env=x}", "application name before '{' is empty");
        assertRefused("my app{}", "has character ' '");
        assertRefused("app{env=x", "not closed");
        assertRefused("app{=x}", "empty name");
        assertRefused("app{bad-name=x}", "label name 'bad-name' has character '-'");
    }

    @Test
    void collapsedSuffixesNameTheProfileTypeAndCpuScalesBySampleRate() throws Exception {
        CollapsedProfileType cpu = CollapsedProfileType.of("app.cpu", 100);
        assertThat(cpu.app()).isEqualTo("app");
        assertThat(cpu.profileName()).isEqualTo("process_cpu");
        assertThat(cpu.sampleType().scale()).isEqualTo(10_000_000L);
        assertThat(CollapsedProfileType.of("plain", 100).profileName()).isEqualTo("process_cpu");
        CollapsedProfileType mutex = CollapsedProfileType.of("a.b.mutex_duration", 100);
        assertThat(mutex.app()).isEqualTo("a.b");
        assertThat(mutex.profileName()).isEqualTo("mutex");
        assertThat(mutex.sampleType().type() + "/" + mutex.sampleType().unit()).isEqualTo("delay/nanoseconds");
        assertThat(catchThrowableOfType(PushRefusal.class, () -> CollapsedProfileType.of("app.bogus", 100)).getMessage())
                .contains("unknown profile type 'bogus'");
    }

    private static void assertRefused(String name, String message) {
        PushRefusal refusal = catchThrowableOfType(PushRefusal.class, () -> IngestName.parse(name));
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.kind()).isEqualTo(PushRefusal.Kind.INVALID);
        assertThat(refusal.getMessage()).startsWith("name: ").contains(message);
    }
}
