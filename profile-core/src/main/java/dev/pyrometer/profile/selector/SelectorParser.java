package dev.pyrometer.profile.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Reads selector text. Grammar (whitespace, meaning space, tab, CR or LF, allowed between all tokens):
 * <pre>
 *   selector := '{' [ matcher { ',' matcher } [ ',' ] ] '}'
 *   matcher  := name ( '=' | '!=' | '=~' | '!~' ) string
 *   name     := [a-zA-Z_][a-zA-Z0-9_.]*
 *   string   := '"' { any char but '"', '\' and control characters | '\"' | '\\' } '"'
 * </pre>
 * Label names follow the series label rules (which allow '.'). Errors name the 0-based position.
 */
final class SelectorParser {
    private final String text;
    private int at;

    private SelectorParser(String text) {
        this.text = text;
    }

    static List<LabelMatcher> parse(String text) {
        return new SelectorParser(text).selector();
    }

    private List<LabelMatcher> selector() {
        skipSpace();
        expect('{', "'{' to open the selector");
        List<LabelMatcher> matchers = new ArrayList<>();
        skipSpace();
        while (!peek('}')) {
            if (atEnd() || !LabelNames.isStart(text.charAt(at))) {
                throw error(matchers.isEmpty() ? "expected a label name or '}'" : "expected a label name or '}' after ','");
            }
            matchers.add(matcher());
            skipSpace();
            if (peek(',')) {
                at++;
                skipSpace();
            } else if (!peek('}')) {
                throw error("expected ',' or '}' after " + matchers.get(matchers.size() - 1));
            }
        }
        at++;
        skipSpace();
        if (!atEnd()) {
            throw error("unexpected " + describe(text.charAt(at)) + " after the closing '}'");
        }
        return matchers;
    }

    private LabelMatcher matcher() {
        int start = at;
        while (!atEnd() && LabelNames.isPart(text.charAt(at))) {
            at++;
        }
        String name = text.substring(start, at);
        skipSpace();
        MatchOp op = op(name);
        skipSpace();
        int valueStart = at;
        String value = string(name);
        try {
            return LabelMatcher.of(name, op, value);
        } catch (PatternSyntaxException e) {
            throw new SelectorException("invalid selector at position " + valueStart + ": bad regex for label " + name
                    + ": " + e.getDescription() + (e.getIndex() >= 0 ? " near regex index " + e.getIndex() : ""), valueStart);
        }
    }

    private MatchOp op(String name) {
        if (peek('=')) {
            at++;
            if (peek('~')) {
                at++;
                return MatchOp.REGEX;
            }
            return MatchOp.EQUAL;
        }
        if (peek('!') && at + 1 < text.length()) {
            char next = text.charAt(at + 1);
            if (next == '=' || next == '~') {
                at += 2;
                return next == '=' ? MatchOp.NOT_EQUAL : MatchOp.NOT_REGEX;
            }
        }
        throw error("expected '=', '!=', '=~' or '!~' after label name " + name);
    }

    private String string(String name) {
        if (!peek('"')) {
            throw error("expected a double-quoted value for label " + name);
        }
        int open = at++;
        StringBuilder value = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return value.toString();
            }
            if (LabelNames.isControl(c)) {
                throw error("control character " + printable(c) + " in the value of label " + name + "; control characters are not allowed");
            }
            if (c == '\\') {
                if (at + 1 >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at + 1);
                if (escaped != '"' && escaped != '\\') {
                    throw error("unknown escape \\" + printable(escaped) + " in the value of label " + name
                            + " (only \\\" and \\\\ are allowed)");
                }
                value.append(escaped);
                at += 2;
            } else {
                value.append(c);
                at++;
            }
        }
        at = open;
        throw error("unterminated string for label " + name + ": no closing '\"'");
    }

    private void expect(char c, String what) {
        if (!peek(c)) {
            throw error("expected " + what);
        }
        at++;
    }

    private SelectorException error(String problem) {
        String found = atEnd() ? " but the selector ends there" : "";
        return new SelectorException("invalid selector at position " + at + ": " + problem + found, at);
    }

    private boolean peek(char c) {
        return !atEnd() && text.charAt(at) == c;
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private void skipSpace() {
        while (!atEnd() && isSpace(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** A character for an error message: printable ASCII as itself in quotes, anything else as U+XXXX. */
    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : printable(c);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
    }
}
