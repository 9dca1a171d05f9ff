package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.query.support.GoTool;
import dev.pyrometer.query.support.PprofSamples;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.TopOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pprof export is what {@code go tool pprof} reads: {@code -raw} of the exported window gives the same
 * samples as the raw captures merged (averaged for instant types), with the right sample type, period type
 * and period; and pprof works straight against the service's URL, {@code -base} diffs included.
 */
class PprofExportTest extends RunningQueryService {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "golden-cpu,       process_cpu:cpu:nanoseconds:cpu:nanoseconds,  cpu,       cpu,         0",
            "golden-allocs,    memory:alloc_space:bytes:space:bytes,         allocs,    alloc_space, 0",
            "golden-mutex,     mutex:delay:nanoseconds:contentions:count,    mutex,     delay,       0",
            "golden-block,     block:contentions:count:contentions:count,    block,     contentions, 0",
            "golden-heap,      memory:inuse_space:bytes:space:bytes,         heap,      inuse_space, 4",
            "golden-goroutine, goroutine:goroutine:count:goroutine:count,    goroutine, goroutine,   3"})
    void rawOfTheExportHasTheSamplesOfTheMergedCaptures(String service, String profileType, String golden, String sampleType,
                                                        int averagedOver) {
        Answer answer = get(url("pprof", "profileType", profileType, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/octet-stream");
        Path file = GoTool.file(service + ".pb.gz", answer.body());

        String raw = GoTool.raw(file.toString());
        Map<List<Frame>, Long> merged = PprofSamples.golden(golden, sampleType);
        Map<List<Frame>, Long> expected = averagedOver == 0 ? merged : TopOracle.average(merged, averagedOver);
        assertThat(PprofSamples.text(PprofSamples.parse(raw, sampleType))).isEqualTo(PprofSamples.text(expected));

        String[] type = profileType.split(":");
        String goldenRaw = rawGolden(golden);
        assertThat(line(raw, "PeriodType")).isEqualTo(type[3] + " " + type[4]).isEqualTo(line(goldenRaw, "PeriodType"));
        assertThat(line(raw, "Period")).isEqualTo(line(goldenRaw, "Period"));
        assertThat(raw).contains("Samples:\n" + type[1] + "/" + type[2] + "\n");
    }

    @Test
    void goToolPprofTopReadsTheServiceUrl() {
        // written as docs/api.md writes it: the type's ':' as they are, the selector percent-encoded
        String url = "http://127.0.0.1:" + port + "/api/v1/pprof?tenant=default&profileType=" + QueryFixture.CPU
                + "&query=%7Bservice_name%3D%22golden-cpu%22%7D&from=" + t(GOLDEN_FROM) + "&to=" + t(GOLDEN_TO);
        PprofTop top = PprofTop.parse(url, GoTool.top("cpu", "ns", List.of(url)));

        PprofTop golden = PprofTop.golden("cpu.cpu");
        assertThat(top.rows()).containsExactlyElementsOf(golden.rows());
        assertThat(top.total()).isEqualTo(golden.total());
        assertThat(top.shown()).isEqualTo(golden.shown());
    }

    @Test
    void theTenantParameterSelectsTheTenantForClientsThatCannotSetHeaders() {
        // tenant acme's golden-cpu holds only cpu-6, at slot 3
        String url = url("pprof", "tenant", "acme", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO));
        PprofTop top = PprofTop.parse(url, GoTool.top("cpu", "ns", List.of(url)));

        Path capture = GoTool.file("cpu-6.pb.gz", Fixtures.bytes("cpu-6.pb.gz"));
        PprofTop expected = PprofTop.parse("cpu-6", GoTool.top("cpu", "ns", List.of(capture.toString())));
        assertThat(top.rows()).containsExactlyElementsOf(expected.rows());
        assertThat(top.total()).isEqualTo(expected.total());
    }

    @Test
    void goToolPprofBaseDiffsTwoWindowsOfHistory() {
        String left = url("pprof", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(QueryFixture.slot(2).minusSeconds(5)), "to", t(QueryFixture.slot(2).plusSeconds(5)));
        String right = url("pprof", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(QueryFixture.slot(5).minusSeconds(5)), "to", t(QueryFixture.slot(5).plusSeconds(5)));
        PprofTop diff = PprofTop.parse("diff", GoTool.top("cpu", "ns", List.of("-base", left, right)));

        // pprof's total of a -base diff adds |value| over samples it could not merge, so it depends on how
        // samples are split (by address in the captures, one per stack in the export); rows and their sum do not
        PprofTop golden = PprofTop.golden("diff.cpu-2_cpu-5");
        assertThat(diff.rows()).containsExactlyElementsOf(golden.rows());
        assertThat(diff.shown()).isEqualTo(golden.shown());
    }

    @Test
    void anEmptyWindowExportsAnEmptyProfileThatPprofReads() {
        String url = url("pprof", "profileType", QueryFixture.CPU, "query", service("no-such-service"), "from", t(GOLDEN_FROM),
                "to", t(GOLDEN_TO));
        PprofTop top = PprofTop.parse(url, GoTool.top("cpu", "ns", List.of(url)));
        assertThat(top.rows()).isEmpty();
        assertThat(top.total()).isZero();
    }

    @Test
    void theExportIsAGzippedFileNamedForDownload() {
        // the golden window in unix seconds: 2026-09-07T00:00:20Z to 2026-09-09T01:00:30Z
        Answer answer = get(url("pprof", "profileType", QueryFixture.CPU, "query", service("golden-cpu"), "from", "1788739220",
                "to", "1788915630"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Disposition")).isEqualTo("attachment; filename=\"process_cpu-cpu-1788739220.pb.gz\"");
        assertThat(answer.body()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(answer.body()[1] & 0xff).isEqualTo(0x8b);
    }

    private static String rawGolden(String name) {
        try (var in = PprofExportTest.class.getResourceAsStream("/golden/raw/" + name + ".txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String line(String raw, String key) {
        Matcher matcher = Pattern.compile("(?m)^" + key + ": (.*)$").matcher(raw);
        assertThat(matcher.find()).as("a %s line", key).isTrue();
        return matcher.group(1);
    }
}
