package dev.pyrometer.profile.selector;

import dev.pyrometer.profile.model.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LabelSelectorTest {
    private static final LabelSet API_PROD = LabelSet.of(Map.of("service_name", "api", "env", "prod", "pod", "api-7f9", "zone", "b"));
    private static final LabelSet API_DEV = LabelSet.of(Map.of("service_name", "api", "env", "dev", "pod", "api-1", "zone", "a"));
    private static final LabelSet WORKER = LabelSet.of(Map.of("service_name", "worker"));

    @Test
    void parsesAllFourOperators() {
        LabelSelector selector = LabelSelector.parse("{service_name=\"api\", env=\"prod\", pod=~\"api-.*\", zone!=\"a\", x!~\"b.*\"}");

        assertThat(selector.matchers()).containsExactly(
                LabelMatcher.of("service_name", MatchOp.EQUAL, "api"),
                LabelMatcher.of("env", MatchOp.EQUAL, "prod"),
                LabelMatcher.of("pod", MatchOp.REGEX, "api-.*"),
                LabelMatcher.of("zone", MatchOp.NOT_EQUAL, "a"),
                LabelMatcher.of("x", MatchOp.NOT_REGEX, "b.*"));
        assertThat(selector.matches(API_PROD)).isTrue();
        assertThat(selector.matches(API_DEV)).isFalse();
        assertThat(selector.matches(WORKER)).isFalse();
    }

    @Test
    void emptyBracesMatchEverything() {
        assertThat(LabelSelector.parse("{}")).isEqualTo(LabelSelector.ALL);
        assertThat(LabelSelector.parse("  {  }  ").matches(WORKER)).isTrue();
        assertThat(LabelSelector.ALL.matches(LabelSet.EMPTY)).isTrue();
        assertThat(LabelSelector.ALL.toString()).isEqualTo("{}");
    }

    @Test
    void toleratesWhitespaceEverywhereAndATrailingComma() {
        LabelSelector spaced = LabelSelector.parse(" \t{ service_name \n= \"api\" ,pod=~ \"api-.*\",\r\n } ");

        assertThat(spaced).isEqualTo(LabelSelector.parse("{service_name=\"api\",pod=~\"api-.*\"}"));
        assertThat(spaced.toString()).isEqualTo("{service_name=\"api\", pod=~\"api-.*\"}");
    }

    @Test
    void readsEscapedQuotesAndBackslashesAndWritesThemBack() {
        LabelSelector selector = LabelSelector.parse("{path=\"C:\\\\temp\\\\\\\"x\\\"\", re=~\"a\\\\.b\"}");

        assertThat(selector.matchers().get(0).value()).isEqualTo("C:\\temp\\\"x\"");
        assertThat(selector.matchers().get(1).value()).isEqualTo("a\\.b");
        assertThat(selector.matches(LabelSet.of(Map.of("path", "C:\\temp\\\"x\"", "re", "a.b")))).isTrue();
        assertThat(selector.matches(LabelSet.of(Map.of("path", "C:\\temp\\\"x\"", "re", "axb")))).isFalse();
        assertThat(LabelSelector.parse(selector.toString())).isEqualTo(selector);
    }

    static Stream<Arguments> anchoredCases() {
        return Stream.of(
                Arguments.of("pod=~\"api\"", "api", true),
                Arguments.of("pod=~\"api\"", "api-1", false),
                Arguments.of("pod=~\"api\"", "my-api", false),
                Arguments.of("pod=~\"api|web\"", "web", true),
                Arguments.of("pod=~\"api|web\"", "apiweb", false),
                Arguments.of("pod=~\"a.*\"", "a\nb", true),
                Arguments.of("pod!~\"api-.*\"", "api-1", false),
                Arguments.of("pod!~\"api-.*\"", "web-1", true),
                Arguments.of("pod=~\"(?i)API\"", "api", true));
    }

    /** Prometheus anchors regexes at both ends: "api" does not match "my-api"; "." matches a newline. */
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("anchoredCases")
    void regexesAreFullyAnchored(String matcher, String value, boolean matches) {
        LabelSelector selector = LabelSelector.parse("{" + matcher + "}");

        assertThat(selector.matches(LabelSet.of(Map.of("pod", value)))).isEqualTo(matches);
    }

    /** As in Prometheus, a missing label reads as "": = "" selects series without it, != "" series with it. */
    @Test
    void aMissingLabelIsTheEmptyString() {
        assertThat(LabelSelector.parse("{env=\"\"}").matches(WORKER)).isTrue();
        assertThat(LabelSelector.parse("{env=\"\"}").matches(API_PROD)).isFalse();
        assertThat(LabelSelector.parse("{env!=\"\"}").matches(WORKER)).isFalse();
        assertThat(LabelSelector.parse("{env!=\"prod\"}").matches(WORKER)).isTrue();
        assertThat(LabelSelector.parse("{env=~\".*\"}").matches(WORKER)).isTrue();
        assertThat(LabelSelector.parse("{env=~\".+\"}").matches(WORKER)).isFalse();
        assertThat(LabelSelector.parse("{env!~\"p.*\"}").matches(WORKER)).isTrue();
    }

    @Test
    void namesTheEqualityMattersAnIndexCanUse() {
        LabelSelector selector = LabelSelector.parse("{service_name=\"api\", env=\"\", pod=~\"api-.*\", zone!=\"a\", service_name=\"web\"}");

        assertThat(selector.equalityMatchers()).containsExactly(
                LabelMatcher.of("service_name", MatchOp.EQUAL, "api"), LabelMatcher.of("service_name", MatchOp.EQUAL, "web"));
        assertThat(selector.equalityValue("service_name")).contains("api");
        assertThat(selector.equalityValue("env")).isEmpty();
        assertThat(selector.equalityValue("pod")).isEmpty();
        assertThat(LabelSelector.ALL.equalityMatchers()).isEmpty();
    }

    @Test
    void acceptsLabelNamesAsTheSeriesRulesDo() {
        LabelSelector selector = LabelSelector.parse("{_x=\"1\", k8s.pod_name=\"p\", A9=\"2\"}");

        assertThat(selector.matchers()).extracting(LabelMatcher::name).containsExactly("_x", "k8s.pod_name", "A9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "''                             | 0  | invalid selector at position 0: expected '{' to open the selector but the selector ends there",
            "'service_name=\"api\"'         | 0  | invalid selector at position 0: expected '{' to open the selector",
            "'{'                            | 1  | invalid selector at position 1: expected a label name or '}' but the selector ends there",
            "'{service_name=\"api\"'        | 19 | invalid selector at position 19: expected ',' or '}' after service_name=\"api\" but the selector ends there",
            "'{service_name=\"api\" env=\"x\"}' | 20 | invalid selector at position 20: expected ',' or '}' after service_name=\"api\"",
            "'{,}'                          | 1  | invalid selector at position 1: expected a label name or '}'",
            "'{a=\"1\",,}'                  | 7  | invalid selector at position 7: expected a label name or '}' after ','",
            "'{9a=\"1\"}'                   | 1  | invalid selector at position 1: expected a label name or '}'",
            "'{a==\"1\"}'                   | 3  | invalid selector at position 3: expected a double-quoted value for label a",
            "'{a:\"1\"}'                    | 2  | invalid selector at position 2: expected '=', '!=', '=~' or '!~' after label name a",
            "'{a!\"1\"}'                    | 2  | invalid selector at position 2: expected '=', '!=', '=~' or '!~' after label name a",
            "'{a=1}'                        | 3  | invalid selector at position 3: expected a double-quoted value for label a",
            "'{a=''1''}'                    | 3  | invalid selector at position 3: expected a double-quoted value for label a",
            "'{a=\"1}'                      | 3  | invalid selector at position 3: unterminated string for label a: no closing '\"'",
            "'{a=\"x\\n\"}'                 | 5  | invalid selector at position 5: unknown escape \\n in the value of label a (only \\\" and \\\\ are allowed)",
            "'{a=\"1\"} x'                  | 8  | invalid selector at position 8: unexpected 'x' after the closing '}'",
            "'{a=\"1\"}}'                   | 7  | invalid selector at position 7: unexpected '}' after the closing '}'",
            "'{pod=~\"api-(\"}'             | 6  | invalid selector at position 6: bad regex for label pod: Unclosed group near regex index 5",
    })
    void refusesBadSyntaxNamingTheProblemAndItsPosition(String text, int position, String message) {
        SelectorException error = catchThrowableOfType(SelectorException.class, () -> LabelSelector.parse(text));

        assertThat(error).as("parsing %s", text).isNotNull();
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.position()).isEqualTo(position);
        assertThat(error).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesInvisibleCharactersByCodePoint() {
        assertThatThrownBy(() -> LabelSelector.parse("{a=\"1\"}\u0000"))
                .hasMessage("invalid selector at position 7: unexpected U+0000 after the closing '}'");
    }

    /** Nested repetition backtracks exponentially in java.util.regex; the step budget turns that into an error. */
    @Test
    void stopsACatastrophicRegexWithAnError() {
        LabelSelector selector = LabelSelector.parse("{pod=~\"((a+)*)+c\"}");
        LabelSet hostile = LabelSet.of(Map.of("pod", "a".repeat(60)));

        SelectorException error = catchThrowableOfType(SelectorException.class, () -> selector.matches(hostile));

        assertThat(error.getMessage()).isEqualTo("regex \"((a+)*)+c\" for label pod needs more than the query's budget of 10000000"
                + " regex steps (one step per character the regex engine reads, over every series the query tests); simplify it"
                + " (nested repetition backtracks) or narrow the selector, e.g. with service_name=\"...\"");
        assertThat(error.position()).isEqualTo(-1);
        assertThat(selector.matches(LabelSet.of(Map.of("pod", "a".repeat(60) + "c")))).isTrue();
    }

    /** Tab, CR and LF separate tokens; no control character may stand inside a value, where it could only reach storage. */
    @Test
    void refusesControlCharactersInValues() {
        assertThat(LabelSelector.parse("{\tservice_name=\"api\",\r\n pod=~\"a.*\"\n}").matchers()).hasSize(2);
        for (char c : new char[] {'\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085'}) {
            SelectorException error = catchThrowableOfType(SelectorException.class,
                    () -> LabelSelector.parse("{service_name=\"a" + c + "\"}"));
            assertThat(error.getMessage()).as("U+%04X", (int) c).isEqualTo("invalid selector at position 16: control character "
                    + String.format("U+%04X", (int) c) + " in the value of label service_name; control characters are not allowed");
            assertThat(error.position()).isEqualTo(16);
        }
        assertThatThrownBy(() -> LabelSelector.parse("{\u000bservice_name=\"a\"}"))
                .hasMessage("invalid selector at position 1: expected a label name or '}'");
    }

    @Test
    void labelNamesFollowTheSeriesRules() {
        assertThat(LabelNames.isValid("k8s.pod_name")).isTrue();
        assertThat(LabelNames.isValid("_x9")).isTrue();
        assertThat(LabelNames.isValid("")).isFalse();
        assertThat(LabelNames.isValid("9a")).isFalse();
        assertThat(LabelNames.isValid("a-b")).isFalse();
        assertThat(LabelNames.isValid("a\u0000")).isFalse();
    }

    @Test
    void matchersAreValuesComparedByText() {
        assertThat(LabelMatcher.of("pod", MatchOp.REGEX, "a.*")).isEqualTo(LabelMatcher.of("pod", MatchOp.REGEX, "a.*"))
                .hasSameHashCodeAs(LabelMatcher.of("pod", MatchOp.REGEX, "a.*"))
                .isNotEqualTo(LabelMatcher.of("pod", MatchOp.NOT_REGEX, "a.*"));
        assertThat(new LabelSelector(List.of(LabelMatcher.of("a", MatchOp.NOT_EQUAL, "\"")))).hasToString("{a!=\"\\\"\"}");
    }
}
