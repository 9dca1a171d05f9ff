package dev.pyrometer.profile.selector;

/** The label names a selector can name: {@value #RULE}, as the series label rules allow (so '.' is allowed). */
public final class LabelNames {
    /** The rule as a regex, for messages. */
    public static final String RULE = "[a-zA-Z_][a-zA-Z0-9_.]*";

    private LabelNames() {
    }

    /** Whether {@code name} is a label name a selector can name. */
    public static boolean isValid(String name) {
        if (name.isEmpty() || !isStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isPart(char c) {
        return isStart(c) || c == '.' || (c >= '0' && c <= '9');
    }

    /** C0 and C1 control characters, DEL included: never part of a selector value or of a parameter. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }
}
