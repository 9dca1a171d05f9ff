package dev.pyrometer.auth;

/** A refused tenant or token change: bad input (HTTP 400, CLI exit 2), unknown name (404), or a duplicate (409). */
public class AdminException extends RuntimeException {
    public enum Problem { INVALID, NOT_FOUND, CONFLICT }

    private final Problem problem;

    public AdminException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public static AdminException invalid(String message) {
        return new AdminException(Problem.INVALID, message);
    }

    public Problem problem() {
        return problem;
    }
}
