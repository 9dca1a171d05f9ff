package dev.pyrometer.query.api;

/** The JSON body of every error answer: {@code {"error": "..."}}. */
public record ApiError(String error) {
}
