package dev.pyrometer.agent.pprof;

/** Bytes that should have been a pprof profile are not one (an error page, a truncated body, ...). */
public final class InvalidPprofException extends Exception {
    public InvalidPprofException(String message) {
        super(message);
    }
}
