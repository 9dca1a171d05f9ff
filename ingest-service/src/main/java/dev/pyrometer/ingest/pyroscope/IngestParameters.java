package dev.pyrometer.ingest.pyroscope;

/**
 * The query parameters of one {@code POST /ingest}, as sent (null when absent).
 *
 * @param sampleRate samples per second of CPU and wall profiles; Pyroscope's default is 100
 */
public record IngestParameters(String name, String from, String until, String format, String sampleRate, String spyName,
                               String units, String aggregationType) {
}
