package dev.pyrometer.query.window;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The time forms the API accepts, against a fixed "now". */
class TimeExpressionsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.123Z");

    @Test
    void rfc3339WithAnyOffset() {
        assertThat(parse("2026-11-25T10:00:00Z")).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(parse("2026-11-25T10:00:00.5+02:00")).isEqualTo(Instant.parse("2026-11-25T08:00:00.5Z"));
        assertThat(parse("2026-11-25T10:00:00-05:30")).isEqualTo(Instant.parse("2026-11-25T15:30:00Z"));
        assertThat(parse("2026-11-25T10:00:00 02:00")).as("a '+' decoded to a space").isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
    }

    @Test
    void unixSecondsAndMilliseconds() {
        assertThat(parse("1764064800")).isEqualTo(Instant.parse("2025-11-25T10:00:00Z"));
        assertThat(parse("1764064800123")).isEqualTo(Instant.parse("2025-11-25T10:00:00.123Z"));
        assertThat(parse("4102444800")).as("below 10^11: seconds").isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(parse("100000000000")).as("from 10^11: milliseconds").isEqualTo(Instant.ofEpochMilli(100_000_000_000L));
        assertThat(parse("0")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void nowAndNowMinusADuration() {
        assertThat(parse("now")).isEqualTo(NOW);
        assertThat(parse(" now ")).isEqualTo(NOW);
        assertThat(parse("now-7d")).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(parse("now-1h30m")).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(parse("now-2w")).isEqualTo(NOW.minus(Duration.ofDays(14)));
        assertThat(parse("now-1d2h3m4s")).isEqualTo(NOW.minus(Duration.ofSeconds(86_400 + 7_200 + 180 + 4)));
    }

    @Test
    void badFormsNameTheParameter() {
        for (String bad : new String[] {"yesterday", "now+1h", "now-", "now-1y", "2026-11-25", "2026-11-25 10:00:00", "-5", "1.5", ""}) {
            assertThatThrownBy(() -> TimeExpressions.parse(bad, NOW, "leftFrom")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("leftFrom '" + bad + "'");
        }
    }

    /** Every form is held to the range of int64 nanoseconds since the epoch, so no later arithmetic can overflow. */
    @Test
    void timesOutsideTheRangeAreRefusedInEveryForm() {
        for (String far : new String[] {"99999999999", "9223372036854775807", "9223372036854775808", "99999999999999999999",
                "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2262-04-11T23:47:17Z",
                "now-21000d", "now-9999999999999999w", "now-106751991167300d", "now-999999999999999999999s", "now-1000000000000000000h"}) {
            assertThatThrownBy(() -> TimeExpressions.parse(far, NOW, "from")).as(far)
                    .hasMessage("from '" + far + "' is out of range: a time must be between 1970-01-01T00:00:00Z and 2262-04-11T23:47:16Z");
        }
        assertThat(parse("1970-01-01T00:00:00Z")).isEqualTo(TimeExpressions.EARLIEST);
        assertThat(parse("2262-04-11T23:47:16Z")).isEqualTo(TimeExpressions.LATEST);
        assertThat(parse("9223372036000")).as("milliseconds").isEqualTo(TimeExpressions.LATEST);
    }

    @Test
    void aDurationThatOverflowsIsOutOfRange() {
        assertThatThrownBy(() -> TimeExpressions.duration("9999999999999999999999s", "step", "9999999999999999999999s"))
                .hasMessage("step '9999999999999999999999s' is out of range");
        assertThatThrownBy(() -> TimeExpressions.duration("9223372036854775807w", "step", "9223372036854775807w"))
                .hasMessage("step '9223372036854775807w' is out of range");
    }

    @Test
    void durationsFormatAsTheyParse() {
        assertThat(TimeExpressions.format(Duration.ofDays(31))).isEqualTo("31d");
        assertThat(TimeExpressions.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(TimeExpressions.format(Duration.ofSeconds(86_401))).isEqualTo("1d1s");
        assertThat(TimeExpressions.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(TimeExpressions.duration(TimeExpressions.format(Duration.ofSeconds(200_000)), "step", "x")).isEqualTo(Duration.ofSeconds(200_000));
    }

    @Test
    void windowsAreCheckedAndNamed() {
        QueryWindow window = QueryWindow.parse("now-1h", "now", NOW, Duration.ofDays(31), "from", "to");
        assertThat(window).isEqualTo(new QueryWindow(NOW.minus(Duration.ofHours(1)), NOW));
        assertThat(window.fromMicros()).isEqualTo(NOW.minus(Duration.ofHours(1)).toEpochMilli() * 1000);
        assertThat(window.durationNanos()).isEqualTo(3_600_000_000_000L);

        assertThatThrownBy(() -> QueryWindow.parse("now", "now-1s", NOW, Duration.ofDays(31), "rightFrom", "rightTo"))
                .hasMessage("rightFrom (2026-11-25T12:00:00.123Z) must be before rightTo (2026-11-25T11:59:59.123Z)");
        assertThatThrownBy(() -> QueryWindow.parse("now-91m", "now", NOW, Duration.ofMinutes(90), "from", "to"))
                .hasMessage("window from=2026-11-25T10:29:00.123Z, to=2026-11-25T12:00:00.123Z is 1h31m long, more than the limit of "
                        + "1h30m (pyrometer.query.max-window); ask for a shorter one");
    }

    private static Instant parse(String text) {
        return TimeExpressions.parse(text, NOW, "from");
    }
}
