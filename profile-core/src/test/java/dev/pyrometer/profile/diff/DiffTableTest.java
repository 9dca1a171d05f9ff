package dev.pyrometer.profile.diff;

import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.top.GoldenTop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiffTableTest {

    @Test
    void listsFlatAndCumOnBothSidesSortedByTheAbsoluteFlatChange() {
        SeriesProfile left = Folded.profile("main;a 3", "main;b 2", "main;same 4");
        SeriesProfile right = Folded.profile("main;a 1", "main;c 5", "main;same 4");

        DiffTable table = DiffTable.of(List.of(left), List.of(right));

        assertThat(table.leftTotal()).isEqualTo(9);
        assertThat(table.rightTotal()).isEqualTo(10);
        assertThat(table.rows()).containsExactly(
                new DiffTable.Row("c", 0, 0, 5, 5),
                new DiffTable.Row("a", 3, 3, 1, 1),
                new DiffTable.Row("b", 2, 2, 0, 0),
                new DiffTable.Row("main", 0, 9, 0, 10),
                new DiffTable.Row("same", 4, 4, 4, 4));
        assertThat(table.rows()).extracting(DiffTable.Row::flatChange).containsExactly(5L, -2L, -2L, 0L, 0L);
        assertThat(table.rows()).extracting(DiffTable.Row::cumChange).containsExactly(5L, -2L, -2L, 1L, 0L);
        assertThat(table.rows()).extracting(DiffTable.Row::presence)
                .containsExactly(Presence.RIGHT_ONLY, Presence.BOTH, Presence.LEFT_ONLY, Presence.BOTH, Presence.BOTH);
    }

    /**
     * {@code go tool pprof -top -base=cpu-2 cpu-3} subtracts cpu-2 from cpu-3: its rows are exactly our rows
     * with a non-zero change, in our order, with flat and cum the changes. (Between these two captures every
     * function changed, so that is every row; unchanged rows are covered above.)
     */
    @Test
    void changedRowsMatchGoToolPprofTopWithBase() {
        GoldenTop golden = GoldenTop.load("/golden/diff/cpu-2_cpu-3.cpu.txt");

        DiffTable table = DiffTable.of(DiffFlameGraphTest.cpu("cpu-2.pb.gz"), DiffFlameGraphTest.cpu("cpu-3.pb.gz"));

        assertThat(table.rows().stream()
                .filter(row -> row.flatChange() != 0 || row.cumChange() != 0)
                .map(row -> new FunctionTotals.Row(row.function(), row.flatChange(), row.cumChange())))
                .containsExactlyElementsOf(golden.rows());
        assertThat(table.leftTotal()).isEqualTo(GoldenTop.load("/golden/top/cpu-2.cpu.txt").total());
        assertThat(table.rightTotal()).isEqualTo(GoldenTop.load("/golden/top/cpu-3.cpu.txt").total());
        assertThat(table.rows()).hasSize(golden.rows().size());
    }

    @Test
    void refusesProfilesOfDifferentTypes() {
        SeriesProfile heap = Folded.profile(ProfileType.parse("memory:inuse_space:bytes:space:bytes"), "main 1");

        assertThatThrownBy(() -> DiffTable.of(List.of(Folded.profile("main 1")), List.of(heap)))
                .hasMessage("cannot diff profiles of different types: process_cpu:cpu:nanoseconds:cpu:nanoseconds"
                        + " and memory:inuse_space:bytes:space:bytes");
    }
}
