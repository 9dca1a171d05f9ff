package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.storage.write.Upload;

import java.util.List;

/** Decides, after validation and before queueing, whether a tenant may have the series a push writes to. */
@FunctionalInterface
public interface SeriesGate {
    /** Every push passes. */
    SeriesGate NONE = (tenant, uploads) -> {
    };

    /** @throws PushRefusal (INVALID) when the push would create series its tenant may not have */
    void admit(String tenant, List<Upload> uploads) throws PushRefusal;
}
