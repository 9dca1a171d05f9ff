package dev.pyrometer.query.api;

import dev.pyrometer.auth.AuthException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.sql.SQLException;

/** Maps failures to HTTP answers whose JSON body names the problem: always {@code {"error": "..."}}. */
@RestControllerAdvice
public class ApiExceptionHandler {
    /** The message of every 500: the details go to the log, not to the client. */
    static final String INTERNAL_ERROR = "internal error; the service log has the details";
    /** The message of every 503: PostgreSQL's own text goes to the log, not to the client. */
    static final String STORAGE_UNAVAILABLE = "storage is unavailable; retry";

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({BadRequestException.class, IllegalArgumentException.class})
    public ResponseEntity<ApiError> badRequest(RuntimeException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage()));
    }

    /** A tenant the caller may not use (403), or no caller at all (401). */
    @ExceptionHandler(AuthException.class)
    public ResponseEntity<ApiError> auth(AuthException e) {
        HttpStatus status = e.kind() == AuthException.Kind.UNAUTHENTICATED ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN;
        return ResponseEntity.status(status).body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<ApiError> missing(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(new ApiError("parameter '" + e.getParameterName() + "' is required"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(new ApiError("parameter '" + e.getName() + "' has a bad value '" + e.getValue() + "'"));
    }

    /** The database could not be reached or refused work for now (503, worth a retry), or a query failed (500, a bug). */
    @ExceptionHandler(SQLException.class)
    public ResponseEntity<ApiError> storage(SQLException e, HttpServletRequest request) {
        if (StorageFailures.isUnavailable(e)) {
            log.warn("Storage is unavailable: {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new ApiError(STORAGE_UNAVAILABLE));
        }
        log.error("Query failed in storage: {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError(INTERNAL_ERROR));
    }

    /** Unknown paths, wrong methods and the like keep their status; anything unexpected is a 500 that is logged. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ApiError> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse response) {
            String message;
            if (e instanceof NoResourceFoundException) {
                message = "not found: " + request.getMethod() + " " + request.getRequestURI();
            } else if (e instanceof HttpRequestMethodNotSupportedException unsupported) {
                message = "method " + unsupported.getMethod() + " is not allowed on " + request.getRequestURI()
                        + (unsupported.getSupportedHttpMethods() == null ? "" : "; use " + unsupported.getSupportedHttpMethods());
            } else {
                message = response.getBody().getDetail() != null ? response.getBody().getDetail() : e.getMessage();
            }
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(new ApiError(message));
        }
        log.error("Query failed: {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError(INTERNAL_ERROR));
    }
}
