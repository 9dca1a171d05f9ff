package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.pipeline.PushRefusal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code multipart/form-data} body (RFC 7578) already read into memory, by form
 * field name. Parsed here rather than by the servlet container so that the body stays within the
 * inbound budget; the parts are copies of their ranges, so a form costs at most twice its body.
 * At most {@value #MAX_PARTS} parts; part headers other than Content-Disposition are ignored.
 */
public final class MultipartForm {
    static final int MAX_PARTS = 16;
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,200})\"|([^;\\s]{1,200}))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");

    private MultipartForm() {
    }

    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** @throws PushRefusal INVALID naming what is wrong with the form */
    public static Map<String, byte[]> parse(String contentType, byte[] body) throws PushRefusal {
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw PushRefusal.invalid("multipart/form-data without a boundary parameter");
        }
        String boundaryText = boundaryMatch.group(1) != null ? boundaryMatch.group(1) : boundaryMatch.group(2);
        byte[] delimiter = ("--" + boundaryText).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw PushRefusal.invalid("the multipart body has no part (no '--" + boundaryText + "' line)");
        }
        byte[] next = ("\r\n--" + boundaryText).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int position = at + delimiter.length;
        while (true) {
            if (startsWith(body, position, "--")) {
                break;
            }
            if (!startsWith(body, position, "\r\n")) {
                throw PushRefusal.invalid("the multipart body is malformed after a boundary");
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position + 2);
            if (headersEnd < 0) {
                throw PushRefusal.invalid("a multipart part's headers are not terminated");
            }
            String headers = new String(body, position + 2, headersEnd - position - 2, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw PushRefusal.invalid("the multipart body ends inside a part (no closing boundary)");
            }
            if (parts.size() == MAX_PARTS) {
                throw PushRefusal.invalid("the multipart body has more than " + MAX_PARTS + " parts");
            }
            String name = fieldName(headers);
            if (parts.containsKey(name)) {
                throw PushRefusal.invalid("the multipart body has the field '" + name + "' twice");
            }
            parts.put(name, Arrays.copyOfRange(body, contentStart, contentEnd));
            position = contentEnd + next.length;
        }
        if (parts.isEmpty()) {
            throw PushRefusal.invalid("the multipart body has no parts");
        }
        return Collections.unmodifiableMap(parts);
    }

    private static String fieldName(String headers) throws PushRefusal {
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase("content-disposition")) {
                Matcher name = NAME.matcher(header.substring(colon + 1));
                if (name.find()) {
                    return name.group(1);
                }
            }
        }
        throw PushRefusal.invalid("a multipart part has no Content-Disposition name");
    }

    private static boolean startsWith(byte[] data, int at, String prefix) {
        if (at + prefix.length() > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Index of {@code pattern} in {@code data} at or after {@code from}, or -1. */
    static int indexOf(byte[] data, byte[] pattern, int from) {
        int last = data.length - pattern.length;
        outer:
        for (int i = Math.max(0, from); i <= last; i++) {
            if (data[i] != pattern[0]) {
                continue;
            }
            for (int j = 1; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
