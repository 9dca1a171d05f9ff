package dev.pyrometer.profile.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request captured from io.pyroscope:agent (test resources pyroscope-java/): its multipart parts by name. */
record CapturedUpload(String pathAndQuery, Map<String, byte[]> parts) {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=([^;\"]+)");
    private static final Pattern PATH = Pattern.compile("\"path\": \"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]+)\"");

    static CapturedUpload load(String name) throws IOException {
        String meta = new String(resource(name + ".json"), StandardCharsets.UTF_8);
        Matcher boundary = BOUNDARY.matcher(meta);
        Matcher path = PATH.matcher(meta);
        if (!boundary.find() || !path.find()) {
            throw new IOException(name + ".json lacks a boundary or path");
        }
        byte[] body = resource(name + ".body");
        byte[] delimiter = ("--" + boundary.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new HashMap<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersStart = at + delimiter.length + 2;
            int next = indexOf(body, delimiter, headersStart);
            if (next < 0) {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            Matcher partName = NAME.matcher(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1));
            if (partName.find()) {
                int from = headersEnd + 4;
                byte[] content = new byte[next - 2 - from];
                System.arraycopy(body, from, content, 0, content.length);
                parts.put(partName.group(1), content);
            }
            at = next;
        }
        return new CapturedUpload(path.group(1), parts);
    }

    byte[] part(String name) {
        return parts.get(name);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CapturedUpload.class.getResourceAsStream("/pyroscope-java/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource pyroscope-java/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
