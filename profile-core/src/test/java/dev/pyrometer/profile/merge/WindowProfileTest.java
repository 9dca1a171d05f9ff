package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.testing.Folded;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class WindowProfileTest {
    private static final ProfileType INUSE = ProfileType.parse("memory:inuse_space:bytes:space:bytes");

    @Test
    void rescalingToAMultipleIsExact() {
        assertThat(FixedPoint.rescale(25, 6, 12)).isEqualTo(50);
        assertThat(FixedPoint.rescale(-7, 1, 1_000_000)).isEqualTo(-7_000_000);
    }

    @Test
    void rescalingOtherwiseRoundsHalfUpAndKeepsNonZeroValues() {
        assertThat(FixedPoint.rescale(25, 6, 1)).isEqualTo(4);   // 4.17
        assertThat(FixedPoint.rescale(3, 6, 1)).isEqualTo(1);    // 0.5 → 1
        assertThat(FixedPoint.rescale(-3, 6, 1)).isEqualTo(-1); // -0.5 → 0, kept at -1
        assertThat(FixedPoint.rescale(-9, 6, 1)).isEqualTo(-1);  // -1.5 → -1
        assertThat(FixedPoint.rescale(1, 6, 1)).isEqualTo(1);    // 0.17 → 0, kept at 1
        assertThat(FixedPoint.rescale(0, 6, 1)).isZero();
        assertThat(FixedPoint.rescale(5, 6, 4)).isEqualTo(3);    // 20/6 = 3.33
    }

    @Test
    void theExportKeepsEveryStackInWholeUnits() {
        WindowProfile window = new WindowProfile(Folded.profile(INUSE, "main;a 25", "main;b 1", "main;c 3"), 6);

        assertThat(window.rounded().valuesByStack()).containsExactly(
                entry(stack("a", "main"), 4L), entry(stack("b", "main"), 1L), entry(stack("c", "main"), 1L));
        assertThat(window.value(25)).isEqualTo(25.0 / 6);
    }

    @Test
    void windowsAreComparedOnTheLeastCommonMultipleOfTheirScalesWithinTheBound() {
        WindowProfile sixths = new WindowProfile(Folded.profile(INUSE, "main 5"), 6);
        WindowProfile quarters = new WindowProfile(Folded.profile(INUSE, "main 3"), 4);

        List<WindowProfile> common = WindowProfile.onCommonScale(List.of(sixths, quarters));

        assertThat(common).extracting(WindowProfile::scale).containsExactly(12L, 12L);
        assertThat(common.get(0).profile().values()).containsExactly(10);
        assertThat(common.get(1).profile().values()).containsExactly(9);
        assertThat(WindowProfile.commonScale(999_983, 999_979)).isEqualTo(FixedPoint.MAX_SCALE);
    }

    @Test
    void refusesScalesOutsideTheBound() {
        assertThatThrownBy(() -> new WindowProfile(Folded.profile(INUSE, "main 1"), 0))
                .hasMessage("scale 0 is outside [1, 1000000]");
        assertThatThrownBy(() -> new WindowProfile(Folded.profile(INUSE, "main 1"), 1_000_001))
                .hasMessage("scale 1000001 is outside [1, 1000000]");
    }

    private static List<Frame> stack(String... leafFirst) {
        return java.util.Arrays.stream(leafFirst).map(name -> new Frame(name, "", 0)).toList();
    }
}
