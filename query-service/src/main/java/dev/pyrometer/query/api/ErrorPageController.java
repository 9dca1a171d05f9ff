package dev.pyrometer.query.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page (in place of Spring Boot's): an error the container raises inside the application,
 * such as a method the servlet refuses, answers {@code {"error": "..."}} with the status the container chose.
 */
@RestController
public class ErrorPageController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

    private final int headerLimit;

    public ErrorPageController(@Value("${server.max-http-request-header-size}") DataSize headerLimit) {
        this.headerLimit = (int) headerLimit.toBytes();
    }

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ApiError> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        if (status >= 500) {
            log.error("Request failed in the container: {} {}", request.getMethod(), request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        String message = status == 500 ? ApiExceptionHandler.INTERNAL_ERROR : ContainerErrors.message(status, headerLimit);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(message));
    }
}
