package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

/**
 * The first pass over a pprof: counts every table and checks the counts against the limits,
 * holding nothing but counters, so that no later pass allocates in proportion to a count the
 * limits do not admit.
 */
final class PprofCensus implements PprofVisitor {
    int sampleTypes;
    int samples;
    int mappings;
    int locations;
    int functions;
    int strings;
    long lines;
    long labels;
    /** Most location ids, labels with a string value, and values in any one sample. */
    int maxSampleLocations;
    int maxSampleStringLabels;
    int maxSampleValues;

    private int firstStringLength = -1;
    private int sampleLocations;
    private int sampleStringLabels;
    private int sampleValues;
    private int firstSampleValues = -1;
    private int firstOddSample = -1;
    private int firstOddSampleValues;
    private PprofCensus() {
    }

    /** Counts the pprof in {@code buffer[0, length)} and refuses it when a count breaks a limit. */
    static PprofCensus take(byte[] buffer, int length, ProfileLimits limits) throws InvalidProfileException {
        PprofCensus census = new PprofCensus();
        PprofWalker.walk(buffer, length, census, PprofWalker.Pass.EVERYTHING);
        census.check(limits);
        return census;
    }

    @Override
    public void sampleType(long type, long unit) {
        sampleTypes++;
    }

    @Override
    public void sampleLocation(long locationId) {
        sampleLocations++;
    }

    @Override
    public void sampleValue(long value) {
        sampleValues++;
    }

    @Override
    public void sampleLabel(long key, long str, long num, long numUnit) {
        labels++;
        if (str != 0) {
            sampleStringLabels++;
        }
    }

    @Override
    public void sampleEnd() {
        if (firstSampleValues < 0) {
            firstSampleValues = sampleValues;
        } else if (sampleValues != firstSampleValues && firstOddSample < 0) {
            firstOddSample = samples;
            firstOddSampleValues = sampleValues;
        }
        maxSampleLocations = Math.max(maxSampleLocations, sampleLocations);
        maxSampleStringLabels = Math.max(maxSampleStringLabels, sampleStringLabels);
        maxSampleValues = Math.max(maxSampleValues, sampleValues);
        sampleLocations = 0;
        sampleStringLabels = 0;
        sampleValues = 0;
        samples++;
    }

    @Override
    public void mapping(long id, long filename, long buildId) {
        mappings++;
    }

    @Override
    public void line(long functionId, long line) {
        lines++;
    }

    @Override
    public void locationEnd(long id, long mappingId, long address) {
        locations++;
    }

    @Override
    public void function(long id, long name, long systemName, long filename) {
        functions++;
    }

    @Override
    public void string(int lengthAt, int length) {
        if (strings++ == 0) {
            firstStringLength = length;
        }
    }

    private void check(ProfileLimits limits) throws InvalidProfileException {
        if (strings == 0 || firstStringLength != 0) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "not a pprof profile: string_table must start with \"\"");
        }
        if (sampleTypes == 0) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "not a pprof profile: it has no sample_type");
        }
        if (sampleTypes > limits.maxSampleTypes()) {
            throw new InvalidProfileException(Problem.TOO_MANY_SAMPLE_TYPES,
                    "pprof has " + sampleTypes + " sample types, more than the limit of " + limits.maxSampleTypes());
        }
        if (samples > limits.maxSamples()) {
            throw new InvalidProfileException(Problem.TOO_MANY_SAMPLES,
                    "pprof has " + samples + " samples, more than the limit of " + limits.maxSamples());
        }
        checkSymbols("string_table entries", strings, limits.maxStrings());
        checkSymbols("functions", functions, limits.maxFunctions());
        checkSymbols("locations", locations, limits.maxLocations());
        checkSymbols("lines (summed over its locations)", lines, limits.maxLines());
        checkSymbols("mappings", mappings, limits.maxMappings());
        if (labels > limits.maxSampleLabels()) {
            throw new InvalidProfileException(Problem.TOO_MANY_SAMPLE_LABELS, "pprof has " + labels
                    + " sample labels (summed over its samples), more than the limit of " + limits.maxSampleLabels());
        }
        if (samples > 0 && firstSampleValues != sampleTypes) {
            throw wrongValueCount(0, firstSampleValues);
        }
        if (firstOddSample >= 0) {
            throw wrongValueCount(firstOddSample, firstOddSampleValues);
        }
    }

    private static void checkSymbols(String what, long count, int limit) throws InvalidProfileException {
        if (count > limit) {
            throw new InvalidProfileException(Problem.TOO_MANY_SYMBOLS,
                    "pprof has " + count + " " + what + ", more than the limit of " + limit);
        }
    }

    private InvalidProfileException wrongValueCount(int sample, int values) {
        return new InvalidProfileException(Problem.MALFORMED, "sample " + sample + " has " + values
                + " values but the profile has " + sampleTypes + " sample types");
    }
}
