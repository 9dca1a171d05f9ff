package dev.pyrometer.query.insight;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.testing.DemoService;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo Go service's leak switch and records its heap and goroutine profiles as an agent would
 * pass them through (inuse_* and goroutine), each snapshot stored at a given synthetic time.
 */
public final class GoLeakRecorder {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));
    private static final PprofDecoder DECODER = new PprofDecoder(ProfileLimits.defaults());

    private final Store store;
    private int uploads;

    public GoLeakRecorder(Store store) {
        this.store = store;
    }

    /** The demo's default -retain-bytes: what main.retainMemory holds once it has started. */
    static final long RETAINED = 16 << 20;

    /**
     * Starts the demo with the leak endpoint, exact heap accounting and its own goroutine leak switched off, and
     * waits until its heap profile shows main.retainMemory's memory: a process that is still starting up is not
     * what these tests measure.
     */
    public static DemoService start() throws Exception {
        DemoService demo = DemoService.start("-leak-endpoint", "-mem-profile-rate=1", "-leak-every=10000h", "-cpu-workers=0");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (inuseSpace(demo) < RETAINED) {
            if (System.nanoTime() > deadline) {
                demo.close();
                throw new AssertionError("the demo's heap profile never showed its retained memory");
            }
            Thread.onSpinWait();
        }
        return demo;
    }

    private static long inuseSpace(DemoService demo) throws Exception {
        return SPLITTER.split(DECODER.decode(get(demo.url() + "/debug/pprof/heap?gc=1").body()),
                        new UploadContext(LabelSet.EMPTY.merge(Captures.labels("service_name", "probe")), null, 0, 0, 0)).stream()
                .filter(p -> p.type().sampleType().equals("inuse_space")).mapToLong(SeriesProfile::total).sum();
    }

    /**
     * {@code steps} snapshots, the first at {@code first}, one a minute: each step leaks {@code bytes} and
     * {@code goroutines} (0: nothing), then scrapes the heap (after a GC) and the goroutines.
     */
    public void record(DemoService demo, LabelSet labels, Instant first, int steps, int bytes, int goroutines) throws Exception {
        for (int k = 0; k < steps; k++) {
            if (bytes > 0 || goroutines > 0) {
                assertThat(get(demo.url() + "/leak/step?bytes=" + bytes + "&goroutines=" + goroutines).statusCode()).isEqualTo(200);
            }
            Instant at = first.plusSeconds(60L * k);
            List<SeriesProfile> series = new ArrayList<>();
            for (String endpoint : List.of("/debug/pprof/heap?gc=1", "/debug/pprof/goroutine")) {
                HttpResponse<byte[]> answer = get(demo.url() + endpoint);
                assertThat(answer.statusCode()).isEqualTo(200);
                series.addAll(SPLITTER.split(DECODER.decode(answer.body()), new UploadContext(labels, null, Captures.nanos(at), 0, 0)).stream()
                        .filter(p -> p.type().sampleType().startsWith("inuse_") || p.type().sampleType().equals("goroutine")).toList());
            }
            assertThat(store.writer().write(List.of(new Upload(Store.TENANT, "go-leak-" + (++uploads), series)))).containsOnly(WriteOutcome.STORED);
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
