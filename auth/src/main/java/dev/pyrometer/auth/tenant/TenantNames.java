package dev.pyrometer.auth.tenant;

import java.util.regex.Pattern;

/** The tenant name rule every edge applies: 1 to 64 of [A-Za-z0-9_.-]. */
public final class TenantNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private TenantNames() {
    }

    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** {@code name}, or IllegalArgumentException naming the rule. */
    public static String require(String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException("invalid tenant name '" + name + "': use 1 to 64 of [A-Za-z0-9_.-]");
        }
        return name;
    }
}
