package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.LabelSet;

/**
 * What the sender said about one upload, beside the pprof bytes.
 *
 * @param labels        the series labels the sender gave
 * @param profileName   the profile name (e.g. "block"), or null to infer it from the pprof
 * @param startNanos    start of the covered window, ns since the epoch, or 0 to use the pprof's time
 * @param endNanos      end of the covered window, ns since the epoch, or 0 to use the pprof's duration
 * @param receivedNanos when the upload arrived; the snapshot time when neither the sender nor the pprof gives one
 */
public record UploadContext(LabelSet labels, String profileName, long startNanos, long endNanos, long receivedNanos) {
}
