package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * The third pass over a pprof: turns each sample into a {@link DecodedPprof.Sample} against the
 * tables of the second pass. Per sample it allocates only its values ({@code 16 + 8 × sample types}
 * bytes) and the sample record; stacks and label sets are shared between samples that agree.
 */
final class SampleReader implements PprofVisitor {
    private final PprofTables tables;
    private final StackTable stacks;
    private final LabelSets labelSets;
    private final int sampleTypes;
    private final List<DecodedPprof.Sample> samples;

    private final int maxStackDepth;
    /** The current sample's location positions; only the first maxStackDepth are kept. */
    private final int[] locations;
    private int locationCount;
    private long depth;
    private final long[] values;
    private int valueCount;
    private final int[] labels;
    private int labelCount;

    private SampleReader(PprofTables tables, PprofCensus census, FrameTable frames, ProfileLimits limits) {
        this.tables = tables;
        this.stacks = new StackTable(tables, frames, limits);
        this.labelSets = new LabelSets(tables);
        this.sampleTypes = census.sampleTypes;
        this.samples = new ArrayList<>(census.samples);
        this.maxStackDepth = limits.maxStackDepth();
        this.locations = new int[Math.min(census.maxSampleLocations, limits.maxStackDepth())];
        this.values = new long[census.maxSampleValues];
        this.labels = new int[2 * census.maxSampleStringLabels];
    }

    /** The samples of the pprof in {@code buffer[0, length)}, in pprof order; their frames go into {@code frames}. */
    static List<DecodedPprof.Sample> read(byte[] buffer, int length, PprofCensus census, PprofTables tables,
                                          FrameTable frames, ProfileLimits limits) throws InvalidProfileException {
        SampleReader reader = new SampleReader(tables, census, frames, limits);
        PprofWalker.walk(buffer, length, reader, PprofWalker.Pass.SAMPLES);
        return reader.samples;
    }

    @Override
    public void sampleLocation(long locationId) throws InvalidProfileException {
        int location = tables.locationIndex.find(locationId);
        if (location < 0) {
            throw new InvalidProfileException(Problem.DANGLING_REFERENCE, "sample " + samples.size() + " refers to location "
                    + Long.toUnsignedString(locationId) + ", which does not exist");
        }
        if (locationCount < locations.length) {
            locations[locationCount] = location;
        }
        locationCount++;
        depth += stacks.frameCount(location);
    }

    @Override
    public void sampleValue(long value) {
        values[valueCount++] = value;
    }

    @Override
    public void sampleLabel(long key, long str, long num, long numUnit) throws InvalidProfileException {
        tables.checkIndex(key, "sample label key");
        tables.checkIndex(str, "sample label value");
        tables.checkIndex(numUnit, "sample label num_unit");
        if (str != 0) {
            labels[labelCount++] = (int) key;
            labels[labelCount++] = (int) str;
        }
    }

    @Override
    public void sampleEnd() throws InvalidProfileException {
        int index = samples.size();
        if (depth > maxStackDepth) {
            throw new InvalidProfileException(Problem.STACK_TOO_DEEP,
                    "sample " + index + " has a stack of " + depth + " frames, more than the limit of " + maxStackDepth);
        }
        int[] stack = stacks.stack(locations, locationCount, (int) depth, index);
        for (int type = 0; type < sampleTypes; type++) {
            if (values[type] < 0) {
                throw new InvalidProfileException(Problem.NEGATIVE_VALUE, "sample " + index + " has value " + values[type]
                        + " for sample type " + tables.string(tables.sampleTypeType[type], "sample_type type") + "/"
                        + tables.string(tables.sampleTypeUnit[type], "sample_type unit") + "; values must not be negative");
            }
        }
        LabelSet labelSet = labelSets.labelSet(labels, labelCount);
        samples.add(new DecodedPprof.Sample(stack, java.util.Arrays.copyOf(values, sampleTypes), labelSet));
        locationCount = 0;
        depth = 0;
        valueCount = 0;
        labelCount = 0;
    }
}
