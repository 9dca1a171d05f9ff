package dev.pyrometer.query.pyroscope;

import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Connect request body, at most {@code pyrometer.query.connect-max-body-bytes} after decompression:
 * {@code Content-Encoding} identity (or none) or gzip; a larger body is refused (invalid_argument, naming its size and the limit) before it is
 * all read, and any other encoding is unimplemented, as the Connect protocol answers.
 */
@Component
class ConnectBodies {
    private final int maxBytes;

    ConnectBodies(@Value("${pyrometer.query.connect-max-body-size}") DataSize maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes.toBytes());
    }

    byte[] read(HttpServletRequest request) throws IOException {
        String encoding = request.getHeader("Content-Encoding");
        String name = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes");
        }
        InputStream in = switch (name) {
            case "identity", "" -> request.getInputStream();
            case "gzip" -> new GZIPInputStream(request.getInputStream());
            default -> throw new ConnectException(ConnectCode.UNIMPLEMENTED, "content encoding '" + name
                    + "' is not supported; send identity or gzip");
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            if (body.size() + n > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes" + (name.equals("gzip") ? " after decompression" : ""));
            }
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    /** Invalid, not resource_exhausted: the same body never fits, so a client must not retry it. */
    private ConnectException tooLarge(String size) {
        return new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request body is " + size + ", more than the limit of "
                + maxBytes + " bytes (pyrometer.query.connect-max-body-size)");
    }
}
