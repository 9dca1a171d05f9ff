package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes pprof bytes (gzipped or plain) into a {@link DecodedPprof}, enforcing {@link ProfileLimits}
 * and checking that every id and string index resolves. Thread-safe: each call works on its own state.
 *
 * <p>The protobuf is read in three passes over the inflated bytes, never as generated message
 * objects: a census counts every table and refuses counts over the limits before anything is
 * allocated in proportion to them; a second pass reads the symbol tables into primitive arrays;
 * a third builds the samples, expanding each distinct location sequence into a stack once. The
 * heap one decode can hold is derived in docs/ingest.md ("Limits and memory").
 */
public final class PprofDecoder {
    private final ProfileLimits limits;

    public PprofDecoder(ProfileLimits limits) {
        this.limits = limits;
    }

    public DecodedPprof decode(byte[] data) throws InvalidProfileException {
        if (data.length == 0) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "pprof payload is empty");
        }
        if (data.length > limits.maxCompressedBytes()) {
            throw new InvalidProfileException(Problem.COMPRESSED_TOO_LARGE,
                    "pprof payload is " + data.length + " bytes, more than the limit of " + limits.maxCompressedBytes());
        }
        byte[] plain = BoundedGunzip.inflate(data, limits.maxDecompressedBytes());
        PprofCensus census = PprofCensus.take(plain, plain.length, limits);
        PprofTables tables = PprofTables.read(plain, plain.length, census);
        // Every frame comes from one Line, or from a location without lines, and lies in a distinct stack.
        FrameTable frames = new FrameTable((int) Math.min(limits.maxStackFrames(), census.lines + census.locations));
        List<DecodedPprof.Sample> samples = SampleReader.read(plain, plain.length, census, tables, frames, limits);

        List<DecodedPprof.ValueType> sampleTypes = new ArrayList<>(tables.sampleTypes);
        for (int i = 0; i < tables.sampleTypes; i++) {
            sampleTypes.add(new DecodedPprof.ValueType(tables.string(tables.sampleTypeType[i], "sample_type type"),
                    tables.string(tables.sampleTypeUnit[i], "sample_type unit")));
        }
        PprofHeader header = tables.header;
        DecodedPprof.ValueType periodType = header.hasPeriodType()
                ? new DecodedPprof.ValueType(tables.string(header.periodTypeType(), "period_type type"),
                        tables.string(header.periodTypeUnit(), "period_type unit"))
                : DecodedPprof.ValueType.NONE;
        return new DecodedPprof(sampleTypes, periodType, header.period(), header.timeNanos(), header.durationNanos(),
                tables.string(header.defaultSampleType(), "default_sample_type"), frames, samples);
    }
}
