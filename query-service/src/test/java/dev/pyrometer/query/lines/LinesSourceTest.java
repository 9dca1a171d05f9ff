package dev.pyrometer.query.lines;

import dev.pyrometer.profile.lines.SourceListing;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.GoldenList;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.SourceServer;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source text in {@code GET /api/v1/lines}: query-service configured with a source for one service only, a local
 * server as its raw file host. A configured service's file is fetched from the configured base with the version
 * label substituted, once (then cached), and the answer is {@code go tool pprof -list} with its text; a service
 * without configuration, or a selection without one version, causes no request at all.
 */
class LinesSourceTest extends RunningQueryService {
    private static final SourceServer SOURCES = new SourceServer();
    private static final Instant AT = QueryFixture.day(12);
    private static final String VERSIONED_PATH = "/raw/org/seedapp/v1.2.3%2Bbuild/main.go";
    private static List<String> before;

    @DynamicPropertySource
    static void sources(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.query.source.services", () ->
                "lines-versioned=" + SOURCES.origin() + "/raw/org/seedapp/{version}/{path} /tmp/ceo/go/seedapp/;"
                        + " lines-mixed=" + SOURCES.origin() + "/raw/org/seedapp/{version}/{path} /tmp/ceo/go/seedapp/");
    }

    /** cpu-2..5 (the golden window's captures) as three services; lines-mixed has two versions. */
    @BeforeAll
    static void seed() throws Exception {
        SOURCES.put(VERSIONED_PATH, SourceServer.resource("/fixtures/go-seedapp/workload.go.txt"));
        List<Upload> uploads = new ArrayList<>();
        for (int round = 2; round <= 5; round++) {
            Instant at = AT.plus(Duration.ofMinutes(round));
            uploads.add(upload("lines-versioned", round, at, "version", "v1.2.3+build"));
            uploads.add(upload("lines-plain", round, at, "version", "v1.2.3+build"));
            uploads.add(upload("lines-mixed", round, at, "version", round % 2 == 0 ? "v1" : "v2"));
        }
        Store store = new Store(QueryFixture.database());
        assertThat(store.writer().write(uploads)).containsOnly(WriteOutcome.STORED);
    }

    @AfterAll
    static void stop() {
        SOURCES.close();
    }

    @BeforeEach
    void noticeRequests() {
        before = SOURCES.requests();
    }

    @Test
    void aConfiguredServiceShowsGoToolPprofListWithTextFetchedOnceFromItsBaseAtItsVersion() {
        GoldenList.Routine golden = GoldenList.load("/golden/list/cpu.cpu.main.increase2000.txt").routines().get(0);

        JsonNode first = lines("lines-versioned", "main.increase2000");
        JsonNode second = lines("lines-versioned", "main.increase2000");

        assertThat(first.get("version").asString()).isEqualTo("v1.2.3+build");
        JsonNode file = first.get("files").get(0);
        assertThat(file.get("source").asString()).isEqualTo("found");
        assertThat(file.has("sourceMessage")).isFalse();
        assertThat(file.get("flat").asLong()).isEqualTo(golden.flat());
        assertThat(file.get("cum").asLong()).isEqualTo(golden.cum());
        assertThat(LinesGoldenTest.rows(file)).containsExactlyElementsOf(golden.rows());
        assertThat(second).isEqualTo(first);
        assertThat(newRequests()).as("one fetch, then the cache").containsExactly(VERSIONED_PATH);
    }

    @Test
    void aServiceWithoutConfigurationGetsLinesWithoutTextAndNoFetch() {
        JsonNode answer = lines("lines-plain", "main.increase2000");

        JsonNode file = answer.get("files").get(0);
        assertThat(file.get("source").asString()).isEqualTo("none");
        assertThat(file.get("sourceMessage").asString()).isEqualTo("no source is configured for service lines-plain");
        assertThat(LinesGoldenTest.rows(file)).extracting(SourceListing.Row::text).containsOnlyNulls();
        assertThat(LinesGoldenTest.rows(file)).extracting(SourceListing.Row::line).containsExactly(26L, 27L);
        assertThat(newRequests()).isEmpty();
    }

    @Test
    void aSelectionOfSeveralVersionsGetsNoTextAndNoFetch() {
        JsonNode answer = lines("lines-mixed", "main.increase1000");

        assertThat(answer.has("version")).isFalse();
        JsonNode file = answer.get("files").get(0);
        assertThat(file.get("source").asString()).isEqualTo("missing");
        assertThat(file.get("sourceMessage").asString())
                .isEqualTo("no source for this file: the selected series do not share one usable version label");
        assertThat(LinesGoldenTest.rows(file)).extracting(SourceListing.Row::line).containsExactly(20L, 21L);
        assertThat(newRequests()).isEmpty();
    }

    @Test
    void aFileOutsideThePrefixIsNotFetched() {
        JsonNode answer = lines("lines-versioned", "runtime.asyncPreempt");

        JsonNode file = answer.get("files").get(0);
        assertThat(file.get("file").asString()).isEqualTo("/usr/lib/go-1.19/src/runtime/preempt_amd64.s");
        assertThat(file.get("source").asString()).isEqualTo("missing");
        assertThat(file.get("sourceMessage").asString()).isEqualTo("no source for this file: it is not under /tmp/ceo/go/seedapp/");
        assertThat(newRequests()).isEmpty();
    }

    private JsonNode lines(String service, String function) {
        return ok(url("lines", "profileType", QueryFixture.CPU, "query", service(service), "from", t(AT), "to", t(AT.plusSeconds(3600)),
                "function", function));
    }

    private static List<String> newRequests() {
        List<String> all = SOURCES.requests();
        return all.subList(before.size(), all.size());
    }

    private static Upload upload(String service, int round, Instant at, String... labels) {
        List<String> pairs = new ArrayList<>(List.of("service_name", service));
        pairs.addAll(List.of(labels));
        LabelSet labelSet = Captures.labels(pairs.toArray(String[]::new));
        List<SeriesProfile> series = Captures.split("cpu-" + round + ".pb.gz", labelSet, Captures.nanos(at)).stream()
                .filter(profile -> profile.type().id().equals(QueryFixture.CPU))
                .toList();
        return new Upload(Store.TENANT, "lines-" + service + "-" + round, series);
    }
}
