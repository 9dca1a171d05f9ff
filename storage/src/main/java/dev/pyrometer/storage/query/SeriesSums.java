package dev.pyrometer.storage.query;

import dev.pyrometer.storage.payload.Payload;

/** One series over a window: its values summed by stack id, and how many snapshots were summed. */
public record SeriesSums(long seriesId, Payload summed, int snapshots) {
}
