package dev.pyrometer.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a token may do. Wire names (CLI, JSON, database) are the lower-case names: push, read, admin. */
public enum Scope {
    /** Write profiles: gRPC push, /ingest, the Connect push. */
    PUSH,
    /** Read profiles: REST API, pprof export, Pyroscope querier, dashboard. */
    READ,
    /** Manage tenants and tokens through the admin REST API. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code wire} (case-insensitive); IllegalArgumentException naming the valid ones otherwise. */
    public static Scope parse(String wire) {
        for (Scope scope : values()) {
            if (scope.wireName().equalsIgnoreCase(wire.trim())) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + wire + "': use push, read or admin");
    }

    /** Scopes from a comma-separated list of wire names, e.g. {@code push,read}; at least one. */
    public static Set<Scope> parseList(String commaSeparated) {
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                scopes.add(parse(part));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no scope given: use push, read or admin (comma-separated)");
        }
        return scopes;
    }

    /** The comma-separated wire names in declaration order, e.g. {@code push,read}. */
    public static String toList(Set<Scope> scopes) {
        StringBuilder text = new StringBuilder();
        for (Scope scope : values()) {
            if (scopes.contains(scope)) {
                text.append(text.isEmpty() ? "" : ",").append(scope.wireName());
            }
        }
        return text.toString();
    }
}
