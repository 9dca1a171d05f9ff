package dev.pyrometer.bench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bodies and query strings of Pyroscope {@code POST /ingest} requests for the HTTP ingest bench:
 * pprof uploads as the Go SDK sends them (raw gzipped pprof, the kind in the name's suffix) built from
 * {@link FleetProfiles}, or one JFR upload captured from Grafana's Java agent (a multipart body with its
 * {@code jfr} and {@code labels} parts) replayed under each pod's name.
 */
final class PyroscopeRequests {
    /** The app-name suffix Pyroscope's Go SDK gives each of {@link FleetProfiles#KINDS}, in the same order. */
    static final List<String> GO_SUFFIXES = List.of("cpu", "inuse_objects", "alloc_objects", "goroutines", "mutex_count", "block_count");

    /** One request: its body and its Content-Type. */
    record Body(byte[] bytes, String contentType) {
    }

    private PyroscopeRequests() {
    }

    /** The query string of one upload of {@code app} (the name before its suffix) covering [from, until) in Unix seconds. */
    static String query(String format, String app, String suffix, String labels, long from, long until) {
        String name = app + (suffix.isEmpty() ? "" : "." + suffix) + "{" + labels + "}";
        String query = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&from=" + from + "&until=" + until;
        return format.equals("jfr")
                ? query + "&units=samples&aggregationType=sum&spyName=javaspy&sampleRate=100&format=jfr"
                : query + "&spyName=gospy&format=pprof";
    }

    /**
     * A captured request: {@code capture} names its {@code NNN.json} (method, path with query, headers) with the
     * body byte for byte in {@code NNN.body} beside it. A path starting with {@code classpath:} is read from
     * the class path (e.g. the Java agent captures in profile-core's test jar).
     */
    static Body captured(String capture) throws IOException {
        String json = new String(read(capture), StandardCharsets.UTF_8);
        Matcher type = Pattern.compile("\"content-type\"\\s*:\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE).matcher(json);
        if (!type.find()) {
            throw new IllegalArgumentException(capture + " records no Content-Type header");
        }
        return new Body(read(capture.replaceFirst("\\.json$", "") + ".body"), type.group(1));
    }

    private static byte[] read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = PyroscopeRequests.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no " + resource + " on the class path");
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(location));
    }
}
