package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one JFR chunk into the converter's output: the 68-byte header (magic {@code FLR\0},
 * version 1 or 2, sizes and offsets, compressed integers), the metadata event, then every event
 * twice: first the constant pools and settings (async-profiler writes its pools after the events),
 * then the sample events. Every event's size must lie within the chunk.
 */
final class JfrChunkReader {
    private static final int MAGIC = 0x464c5200;
    private static final int HEADER_BYTES = 68;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final byte[] data;
    private final int offset;
    private final ProfileLimits limits;
    private final JfrConverter.Output output;

    JfrChunkReader(byte[] data, int offset, ProfileLimits limits, JfrConverter.Output output) {
        this.data = data;
        this.offset = offset;
        this.limits = limits;
        this.output = output;
    }

    /** Reads the chunk; returns the offset just past it. */
    int read() throws InvalidProfileException {
        JfrInput header = new JfrInput(data, offset, data.length);
        if (header.remaining() < HEADER_BYTES || header.fixedInt() != MAGIC) {
            throw new InvalidProfileException(Problem.NOT_JFR, "not a JFR recording: no chunk magic 'FLR\\0' at byte " + offset);
        }
        int major = header.fixedShort();
        header.fixedShort();
        if (major != 1 && major != 2) {
            throw new InvalidProfileException(Problem.NOT_JFR, "JFR version " + major + " is not supported (1 and 2 are)");
        }
        long chunkSize = header.fixedLong();
        header.fixedLong(); // constant pool offset: pools are found by walking the events
        long metadataOffset = header.fixedLong();
        long startNanos = header.fixedLong();
        long durationNanos = header.fixedLong();
        header.fixedLong(); // start ticks
        long ticksPerSecond = header.fixedLong();
        int features = header.fixedInt();
        if (chunkSize < HEADER_BYTES || chunkSize > data.length - (long) offset) {
            throw new InvalidProfileException(Problem.TRUNCATED, "JFR chunk at byte " + offset + " declares " + chunkSize
                    + " bytes but " + (data.length - offset) + " remain");
        }
        if ((features & 1) == 0) {
            throw new InvalidProfileException(Problem.NOT_JFR, "JFR chunk does not use compressed integers, which every JDK and async-profiler write");
        }
        int end = offset + (int) chunkSize;
        if (metadataOffset < HEADER_BYTES || metadataOffset >= chunkSize) {
            throw new InvalidProfileException(Problem.MALFORMED, "JFR chunk's metadata offset " + metadataOffset + " lies outside the chunk");
        }
        JfrMetadata metadata = JfrMetadata.read(new JfrInput(data, offset + (int) metadataOffset, end));
        JfrPools pools = new JfrPools(limits);
        Map<String, String> settings = new HashMap<>();
        JfrMetadata.Type activeSetting = metadata.type("jdk.ActiveSetting");
        walk(end, metadata, (type, values) -> {
            if (type == 1) {
                pools.readPoolEvent(values);
            } else if (activeSetting != null && type == activeSetting.id()) {
                String[] strings = new String[activeSetting.fields().size()];
                values.read(activeSetting, new long[strings.length], strings);
                int name = activeSetting.fieldIndex("name");
                int value = activeSetting.fieldIndex("value");
                if (name >= 0 && value >= 0 && strings[name] != null) {
                    settings.put(strings[name], strings[value]);
                }
            }
        });
        output.newChunk();
        JfrSamples samples = new JfrSamples(metadata, pools, output, settings.get("event"),
                output.period(parseLong(settings.get("interval"))), startNanos, durationNanos, ticksPerSecond);
        walk(end, metadata, samples::event);
        return end;
    }

    private interface EventVisitor {
        void event(long type, JfrValues values) throws InvalidProfileException;
    }

    /** Visits every event of the chunk but the metadata, each on an input limited to the event. */
    private void walk(int end, JfrMetadata metadata, EventVisitor visitor) throws InvalidProfileException {
        int position = offset + HEADER_BYTES;
        while (position < end) {
            JfrInput in = new JfrInput(data, position, end);
            int size = in.varInt();
            if (size <= 0 || size > end - position) {
                throw new InvalidProfileException(Problem.TRUNCATED, "JFR event at byte " + position + " declares " + size
                        + " bytes but its chunk has " + (end - position) + " left");
            }
            in.limit(position + size);
            long type = in.varLong();
            if (type != 0) {
                visitor.event(type, new JfrValues(metadata, in));
            }
            position += size;
        }
    }

    private static long parseLong(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Nanoseconds of a duration in the chunk's ticks. */
    static long ticksToNanos(long ticks, long ticksPerSecond) {
        if (ticksPerSecond == NANOS_PER_SECOND || ticksPerSecond <= 0) {
            return ticks;
        }
        return (long) (ticks * ((double) NANOS_PER_SECOND / ticksPerSecond));
    }

    static long[] zeroed(long[] array) {
        Arrays.fill(array, 0);
        return array;
    }
}
