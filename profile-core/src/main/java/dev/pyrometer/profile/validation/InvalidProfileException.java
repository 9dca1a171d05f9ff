package dev.pyrometer.profile.validation;

/** An upload that cannot be stored; the message names the problem in terms the sender can act on. */
public final class InvalidProfileException extends Exception {
    private final Problem problem;

    public InvalidProfileException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public InvalidProfileException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
