package dev.pyrometer.protocol.connect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads and writes the bodies of unary Connect calls: {@code application/proto} (the protobuf
 * binary encoding) and {@code application/json} (protobuf's canonical JSON mapping, field names in
 * lowerCamelCase, 64-bit integers as strings; either name form and numbers for 64-bit integers are
 * accepted on input, and unknown fields are ignored so that newer clients keep working). Bodies are
 * taken already decompressed and size-checked by the edge that received them. Stateless.
 */
public final class ConnectCodec {
    public static final String PROTO = "application/proto";
    public static final String JSON = "application/json";

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    /** The two encodings a unary Connect call may use. */
    public enum Encoding {
        PROTO(ConnectCodec.PROTO), JSON(ConnectCodec.JSON);

        private final String contentType;

        Encoding(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /**
         * The encoding a request's Content-Type names (parameters such as charset ignored).
         *
         * @throws ConnectException INVALID_ARGUMENT naming the type, for anything else
         */
        public static Encoding of(String contentType) {
            String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            return switch (type) {
                case ConnectCodec.PROTO -> PROTO;
                case ConnectCodec.JSON -> JSON;
                default -> throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "content type '" + type
                        + "' is not a Connect unary encoding; send " + ConnectCodec.PROTO + " or " + ConnectCodec.JSON);
            };
        }
    }

    private ConnectCodec() {
    }

    /**
     * Merges a request body into {@code builder}.
     *
     * @throws ConnectException INVALID_ARGUMENT naming the message type when the body does not parse
     */
    public static <B extends Message.Builder> B decode(Encoding encoding, byte[] body, B builder) {
        try {
            if (encoding == Encoding.PROTO) {
                builder.mergeFrom(body);
            } else {
                JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            }
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "the body is not a valid " + encoding.contentType()
                    + " " + builder.getDescriptorForType().getFullName() + ": " + e.getMessage());
        }
    }

    /** A response message in the request's encoding. */
    public static byte[] encode(Encoding encoding, Message message) {
        if (encoding == Encoding.PROTO) {
            return message.toByteArray();
        }
        try {
            return JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a response message does not print as JSON", e);
        }
    }

    /** The JSON error body of a failed call (always JSON, whatever the request's encoding). */
    public static byte[] errorBody(ConnectException error) {
        return ("{\"code\":\"" + error.code().wireName() + "\",\"message\":" + jsonString(error.getMessage()) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code text} as a JSON string literal, quotes included: {@code "}, {@code \} and control characters
     * escaped. For the error bodies the edges write by hand, before any JSON library is involved.
     */
    public static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
