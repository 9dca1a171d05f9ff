package dev.pyrometer.profile.pprof;

/**
 * Whether bytes are well-formed UTF-8 as Unicode defines it (no overlong forms, no surrogates,
 * nothing above U+10FFFF): what protobuf requires of a proto3 string. Allocates nothing.
 */
final class Utf8Check {
    private Utf8Check() {
    }

    static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            int max = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = b == 0xe0 ? 0xa0 : 0x80;
                max = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = b == 0xf0 ? 0x90 : 0x80;
                max = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            if (to - i < length) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }
}
