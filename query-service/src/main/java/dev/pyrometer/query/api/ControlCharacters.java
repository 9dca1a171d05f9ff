package dev.pyrometer.query.api;

import dev.pyrometer.profile.selector.LabelNames;

/** Refuses control characters (C0, DEL and C1) in parameters: none of them has a meaning in this API, and NUL breaks storage. */
final class ControlCharacters {
    private ControlCharacters() {
    }

    /**
     * Throws a {@link BadRequestException} naming {@code parameter} when {@code value} holds a control character;
     * with {@code whitespaceAllowed}, tab, CR and LF pass (a selector may use them between its tokens).
     */
    static void refuse(String parameter, String value, boolean whitespaceAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (LabelNames.isControl(c) && !(whitespaceAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new BadRequestException(parameter + " holds the control character " + String.format("U+%04X", (int) c)
                        + " at index " + i + "; control characters are not allowed");
            }
        }
    }
}
