package dev.pyrometer.query.auth;

import dev.pyrometer.auth.Scope;

import java.util.Set;

/**
 * How the authentication filter treats a path. Deny by default: only the dashboard's static files and page
 * routes are public; the session endpoint checks credentials itself; everything else needs a caller with the
 * scope {@link #scope} names.
 */
final class EdgePaths {
    static final String SESSION = "/api/v1/session";
    static final String ADMIN_PREFIX = "/api/v1/admin/";
    static final String PPROF = "/api/v1/pprof";
    /** Keep in step with web/src/state/url.ts and {@code SpaRoutes}. */
    private static final Set<String> PAGES = Set.of("/", "/index.html", "/favicon.ico", "/explore", "/compare", "/changes", "/growth", "/tags");
    private static final Set<String> FORWARDED = Set.of("/ingest", "/push.v1.PusherService/Push");

    private EdgePaths() {
    }

    static boolean isPublic(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String page = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return PAGES.contains(page) || path.startsWith("/assets/");
    }

    static boolean isSession(String path) {
        return path.equals(SESSION);
    }

    /** Pushes forwarded to ingest-service: the caller needs scope push, and the tenant header is replaced by the resolved one. */
    static boolean isForwarded(String path) {
        return FORWARDED.contains(path);
    }

    /** Connect-protocol paths: errors are Connect error bodies. */
    static boolean isConnect(String path) {
        return path.startsWith("/querier.v1.") || path.startsWith("/push.v1.");
    }

    static Scope scope(String path) {
        if (path.startsWith(ADMIN_PREFIX) || path.equals("/api/v1/admin")) {
            return Scope.ADMIN;
        }
        return isForwarded(path) ? Scope.PUSH : Scope.READ;
    }

    /** Reads that merge profiles: held to the tenant's query concurrency. */
    static boolean isQuery(String path) {
        return !isForwarded(path) && !path.startsWith(ADMIN_PREFIX) && !isSession(path)
                && (path.startsWith("/api/v1/") || path.startsWith("/pyroscope/") || path.startsWith("/querier.v1."));
    }
}
