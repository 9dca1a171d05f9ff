package dev.pyrometer.agent.pprof;

import dev.pyrometer.agent.testing.GoldenTable;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.delta.ProfileRewriter;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileRewriterTest {

    @Test
    void keepingInuseTypesOfAHeapProfileKeepsTheirValuesExactly() {
        PprofProto.Profile heap = Fixtures.proto("heap-3.pb.gz");

        PprofProto.Profile inuse = ProfileRewriter.keepTypes(heap, ProfileRewriter.typeIndexes(heap, Set.of("inuse_space", "inuse_objects")));

        byte[] bytes = PprofCodec.encode(inuse);
        assertThat(Series.of(bytes, "memory")).extracting(s -> s.type().sampleType()).containsExactly("inuse_objects", "inuse_space");
        for (String type : new String[] {"inuse_space", "inuse_objects"}) {
            FunctionTotals totals = Series.top(bytes, "memory", type);
            // profile-core's test-jar carries `go tool pprof -top` of every capture
            GoldenTable golden = GoldenTable.load("/golden/top/heap-3." + type + ".txt");
            assertThat(totals.rows()).containsExactlyElementsOf(golden.rows());
            assertThat(totals.total()).isEqualTo(golden.total());
        }
        assertThat(inuse.getTimeNanos()).isEqualTo(heap.getTimeNanos());
        assertThat(inuse.getPeriod()).isEqualTo(heap.getPeriod());
        assertThat(inuse.getStringTable((int) inuse.getDefaultSampleType())).isIn("", "inuse_space");
    }

    @Test
    void leavesOutSamplesLocationsFunctionsAndStringsNoKeptSampleUses() {
        PprofProto.Profile heap = Fixtures.proto("heap-3.pb.gz");

        PprofProto.Profile inuse = ProfileRewriter.keepTypes(heap, ProfileRewriter.typeIndexes(heap, Set.of("inuse_space", "inuse_objects")));

        assertThat(inuse.getSampleCount()).isLessThan(heap.getSampleCount());
        assertThat(inuse.getSampleList()).allSatisfy(s -> assertThat(s.getValueList()).anyMatch(v -> v != 0));
        Set<Long> used = new HashSet<>();
        inuse.getSampleList().forEach(s -> used.addAll(s.getLocationIdList()));
        assertThat(inuse.getLocationCount()).isEqualTo(used.size());
        assertThat(inuse.getLocationList()).allSatisfy(l -> assertThat(l.getId()).isBetween(1L, (long) used.size()));
        assertThat(inuse.getStringTableCount()).isLessThan(heap.getStringTableCount());
        assertThat(inuse.getStringTable(0)).isEmpty();
    }
}
