package dev.pyrometer.query.api;

/** A request the API cannot answer as asked; answered with HTTP 400 and the message. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
