package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.write.Upload;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Estimates the heap a validated push keeps alive while it waits for a writer, in bytes, from the
 * shapes of a 64-bit JVM with compressed references: array and object headers, one frame table per
 * upload (shared by its series), each series' stacks, values and labels (with their text). It errs high (stacks shared
 * between series are counted once per series), which is the safe side for a bound.
 */
public final class RetainedBytes {
    private static final long ARRAY_HEADER = 16;
    private static final long FRAME_OVERHEAD = 160;
    private static final long LABEL_OVERHEAD = 96;
    private static final long SERIES_OVERHEAD = 128;

    private RetainedBytes() {
    }

    public static long of(List<Upload> uploads) {
        long bytes = 0;
        for (Upload upload : uploads) {
            bytes += of(upload);
        }
        return bytes;
    }

    static long of(Upload upload) {
        long bytes = 64 + 2L * upload.id().length();
        Set<FrameTable> tables = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SeriesProfile series : upload.series()) {
            if (tables.add(series.frames())) {
                bytes += frames(series.frames());
            }
            bytes += SERIES_OVERHEAD;
            for (Label label : series.labels().labels()) {
                bytes += LABEL_OVERHEAD + 2L * (label.name().length() + label.value().length());
            }
            bytes += ARRAY_HEADER + 8L * series.stackCount();
            bytes += ARRAY_HEADER + 8L * series.values().length;
            for (int[] stack : series.stacks()) {
                bytes += ARRAY_HEADER + 4L * stack.length;
            }
        }
        return bytes;
    }

    private static long frames(FrameTable table) {
        long bytes = 0;
        for (int i = 0; i < table.size(); i++) {
            Frame frame = table.get(i);
            bytes += FRAME_OVERHEAD + 2L * (frame.function().length() + frame.file().length());
        }
        return bytes;
    }
}
