package dev.pyrometer.query.api;

import org.springframework.http.HttpStatus;

import java.util.Locale;

/** The messages of error answers that the servlet container makes, not an API handler: one per status. */
public final class ContainerErrors {
    private ContainerErrors() {
    }

    /**
     * The message for {@code status}, e.g. "bad request: ..."; {@code headerLimit} is the most bytes the request
     * line and headers may take, which 414 and 431 name.
     */
    public static String message(int status, int headerLimit) {
        String limit = "the request line and headers may take at most " + headerLimit
                + " bytes (PYROMETER_QUERY_MAX_REQUEST_HEADER_SIZE)";
        return switch (status) {
            case 400 -> "bad request: the request line or a header is malformed, or the URL holds a character that must be"
                    + " percent-encoded; URL-encode every parameter value (curl -G --data-urlencode)";
            case 414 -> "URI too long: " + limit + "; ask with a shorter selector";
            case 431 -> "request header fields too large: " + limit;
            case 505 -> "HTTP version not supported: use HTTP/1.1";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield known == null ? "error " + status : known.getReasonPhrase().toLowerCase(Locale.ROOT);
            }
        };
    }
}
