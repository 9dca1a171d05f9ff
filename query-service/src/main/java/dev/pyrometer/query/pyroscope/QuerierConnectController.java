package dev.pyrometer.query.pyroscope;

import com.google.protobuf.Message;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.profile.selector.SelectorException;
import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.ProfileTypesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeProfileRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectSeriesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SeriesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelNamesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelValuesRequest;
import dev.pyrometer.query.api.BadRequestException;
import dev.pyrometer.query.api.RequestParams;
import dev.pyrometer.query.api.StorageFailures;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.sql.SQLException;

/**
 * {@code querier.v1.QuerierService} over the Connect protocol's unary calls: {@code POST
 * /querier.v1.QuerierService/<Method>} with an {@code application/proto} or {@code application/json} body,
 * answered in the same encoding. Failures are Connect errors ({@code {"code": …, "message": …}} with the code's
 * HTTP status): invalid_argument (400) for bad input, not_found (404) for an unknown method, unavailable (503)
 * while the database is unreachable, internal (500) for anything else (logged). The tenant is taken as the REST
 * API takes it.
 */
@RestController
public class QuerierConnectController {
    private static final Logger log = LoggerFactory.getLogger(QuerierConnectController.class);
    private static final String SERVICE = "querier.v1.QuerierService";

    private final PyroscopeQuerier querier;
    private final RequestParams params;
    private final ConnectBodies bodies;

    public QuerierConnectController(PyroscopeQuerier querier, RequestParams params, ConnectBodies bodies) {
        this.querier = querier;
        this.params = params;
        this.bodies = bodies;
    }

    /** One call's work: the decoded request and tenant in, the response message out. */
    @FunctionalInterface
    private interface Call<R extends Message> {
        Message answer(String tenant, R request) throws SQLException;
    }

    @PostMapping("/" + SERVICE + "/{method}")
    public ResponseEntity<byte[]> call(@PathVariable String method, HttpServletRequest request) {
        try {
            return switch (method) {
                case "ProfileTypes" -> answer(request, ProfileTypesRequest.newBuilder(), querier::profileTypes);
                case "LabelNames" -> answer(request, LabelNamesRequest.newBuilder(), querier::labelNames);
                case "LabelValues" -> answer(request, LabelValuesRequest.newBuilder(), querier::labelValues);
                case "Series" -> answer(request, SeriesRequest.newBuilder(), querier::series);
                case "SelectMergeStacktraces" -> answer(request, SelectMergeStacktracesRequest.newBuilder(), querier::selectMergeStacktraces);
                case "SelectMergeProfile" -> answer(request, SelectMergeProfileRequest.newBuilder(), querier::selectMergeProfile);
                case "SelectSeries" -> answer(request, SelectSeriesRequest.newBuilder(), querier::selectSeries);
                case "Diff" -> answer(request, DiffRequest.newBuilder(), querier::diff);
                default -> throw new ConnectException(ConnectCode.NOT_FOUND, "no method " + method + " in " + SERVICE);
            };
        } catch (ConnectException e) {
            return error(e);
        } catch (AuthException e) {
            return error(new ConnectException(e.kind() == AuthException.Kind.UNAUTHENTICATED ? ConnectCode.UNAUTHENTICATED
                    : ConnectCode.PERMISSION_DENIED, e.getMessage()));
        } catch (BadRequestException | SelectorException e) {
            return error(new ConnectException(ConnectCode.INVALID_ARGUMENT, e.getMessage()));
        } catch (SQLException e) {
            if (StorageFailures.isUnavailable(e)) {
                log.warn("Storage is unavailable: {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
                return error(new ConnectException(ConnectCode.UNAVAILABLE, "storage is unavailable; retry"));
            }
            log.error("Query failed in storage: {} {}", request.getMethod(), request.getRequestURI(), e);
            return error(new ConnectException(ConnectCode.INTERNAL, "internal error; the service log has the details"));
        } catch (IOException e) {
            return error(new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request body could not be read: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Query failed: {} {}", request.getMethod(), request.getRequestURI(), e);
            return error(new ConnectException(ConnectCode.INTERNAL, "internal error; the service log has the details"));
        }
    }

    @SuppressWarnings("unchecked")
    private <B extends Message.Builder, R extends Message> ResponseEntity<byte[]> answer(HttpServletRequest request, B builder, Call<R> call)
            throws SQLException, IOException {
        ConnectCodec.Encoding encoding = ConnectCodec.Encoding.of(request.getContentType());
        String tenant = params.tenant(request);
        byte[] body = bodies.read(request);
        R message = (R) ConnectCodec.decode(encoding, body, builder).build();
        byte[] answer = ConnectCodec.encode(encoding, call.answer(tenant, message));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, encoding.contentType()).body(answer);
    }

    private static ResponseEntity<byte[]> error(ConnectException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.code().httpStatus()).header(HttpHeaders.CONTENT_TYPE, ConnectCodec.JSON);
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(ConnectCodec.errorBody(e));
    }
}
