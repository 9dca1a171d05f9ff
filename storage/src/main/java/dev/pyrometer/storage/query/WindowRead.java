package dev.pyrometer.storage.query;

import java.util.List;

/** The result of reading a window: per-series sums (series with no data are absent) and the cost. */
public record WindowRead(List<SeriesSums> series, List<Piece> plan, ReadStats stats) {
}
