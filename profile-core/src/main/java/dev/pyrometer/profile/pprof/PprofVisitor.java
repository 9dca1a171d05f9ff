package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.validation.InvalidProfileException;

/**
 * Receives the entries of one pprof protobuf in wire order from {@link PprofWalker}. Ids and
 * string indexes are passed raw, exactly as encoded; resolving them is the receiver's concern.
 * Every method does nothing unless overridden.
 */
interface PprofVisitor {
    default void sampleType(long type, long unit) throws InvalidProfileException {
    }

    /** One location id of the current sample, leaf first. */
    default void sampleLocation(long locationId) throws InvalidProfileException {
    }

    /** One value of the current sample, in sample-type order. */
    default void sampleValue(long value) throws InvalidProfileException {
    }

    /** One label of the current sample; fields absent on the wire are 0. */
    default void sampleLabel(long key, long str, long num, long numUnit) throws InvalidProfileException {
    }

    /** Ends the current sample: every location, value and label of it has been passed. */
    default void sampleEnd() throws InvalidProfileException {
    }

    default void mapping(long id, long filename, long buildId) throws InvalidProfileException {
    }

    /** One line of the current location, innermost inlined call first. */
    default void line(long functionId, long line) throws InvalidProfileException {
    }

    /** Ends the current location: every line of it has been passed. */
    default void locationEnd(long id, long mappingId, long address) throws InvalidProfileException {
    }

    default void function(long id, long name, long systemName, long filename) throws InvalidProfileException {
    }

    /**
     * One string_table entry, already checked to be UTF-8.
     *
     * @param lengthAt offset in the buffer of the entry's length varint
     * @param length   the entry's length in bytes; its content follows the varint
     */
    default void string(int lengthAt, int length) throws InvalidProfileException {
    }

    default void comment(long index) throws InvalidProfileException {
    }
}
