package dev.pyrometer.profile.pprof;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.io.IOException;

/**
 * Reads a pprof protobuf ({@code perftools.profiles.Profile}) straight from its bytes and passes
 * each entry to a {@link PprofVisitor}, allocating nothing per entry. It accepts what protobuf-java's
 * generated parser accepts: fields in any order, packed or unpacked repeated scalars, unknown
 * fields and fields of an unexpected wire type skipped, and it refuses what that parser refuses
 * (truncation, malformed varints, invalid UTF-8 in string_table, unbalanced groups).
 *
 * <p>A decode walks the same bytes three times; only the first walk reads and checks everything.
 * The later ones read only the parts their visitor needs ({@link Pass}) and skip the rest as they
 * would skip an unknown field, which finds nothing the first walk did not.
 */
final class PprofWalker {
    /** The parts of a pprof one walk passes to its visitor. */
    enum Pass {
        /** Every entry, with string_table entries checked to be UTF-8. */
        EVERYTHING(true, true, true),
        /** All but the samples; strings unchecked, for bytes that an {@link #EVERYTHING} walk accepted. */
        TABLES(false, true, false),
        /** The samples (and the header's scalars); for bytes that an {@link #EVERYTHING} walk accepted. */
        SAMPLES(true, false, false);

        private final boolean samples;
        private final boolean tables;
        private final boolean checkStrings;

        Pass(boolean samples, boolean tables, boolean checkStrings) {
            this.samples = samples;
            this.tables = tables;
            this.checkStrings = checkStrings;
        }
    }

    /** protobuf-java's default recursion limit, applied here to nested groups of unknown fields. */
    private static final int MAX_GROUP_NESTING = 100;

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private PprofWalker() {
    }

    /**
     * Walks {@code buffer[0, length)} once.
     *
     * @throws InvalidProfileException {@link Problem#TRUNCATED} when the data ends inside a field,
     *                                 {@link Problem#NOT_PPROF} when it is not a well-formed protobuf,
     *                                 or whatever the visitor throws
     */
    static PprofHeader walk(byte[] buffer, int length, PprofVisitor visitor, Pass pass) throws InvalidProfileException {
        try {
            return profile(buffer, CodedInputStream.newInstance(buffer, 0, length), visitor, pass);
        } catch (InvalidProtocolBufferException e) {
            boolean truncated = e.getMessage() != null && e.getMessage().contains("ended unexpectedly");
            throw new InvalidProfileException(truncated ? Problem.TRUNCATED : Problem.NOT_PPROF,
                    (truncated ? "pprof protobuf is truncated: " : "not a pprof protobuf: ") + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "not a pprof protobuf: " + e.getMessage(), e);
        }
    }

    private static PprofHeader profile(byte[] buffer, CodedInputStream in, PprofVisitor visitor, Pass pass)
            throws IOException, InvalidProfileException {
        long dropFrames = 0, keepFrames = 0, timeNanos = 0, durationNanos = 0, period = 0, defaultSampleType = 0, docUrl = 0;
        boolean hasPeriodType = false;
        long[] periodType = new long[2];
        long[] valueType = new long[2];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | LEN -> {
                    valueType[0] = 0;
                    valueType[1] = 0;
                    valueType(in, valueType);
                    visitor.sampleType(valueType[0], valueType[1]);
                }
                case 2 << 3 | LEN -> {
                    if (pass.samples) {
                        sample(in, visitor);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 3 << 3 | LEN, 4 << 3 | LEN, 5 << 3 | LEN, 6 << 3 | LEN -> {
                    if (pass.tables) {
                        table(buffer, in, visitor, tag, pass.checkStrings);
                    } else {
                        in.skipField(tag);
                    }
                }
                case 7 << 3 | VARINT -> dropFrames = in.readInt64();
                case 8 << 3 | VARINT -> keepFrames = in.readInt64();
                case 9 << 3 | VARINT -> timeNanos = in.readInt64();
                case 10 << 3 | VARINT -> durationNanos = in.readInt64();
                case 11 << 3 | LEN -> {
                    hasPeriodType = true;
                    valueType(in, periodType);
                }
                case 12 << 3 | VARINT -> period = in.readInt64();
                case 13 << 3 | VARINT -> visitor.comment(in.readInt64());
                case 13 << 3 | LEN -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        visitor.comment(in.readInt64());
                    }
                    in.popLimit(limit);
                }
                case 14 << 3 | VARINT -> defaultSampleType = in.readInt64();
                case 15 << 3 | VARINT -> docUrl = in.readInt64();
                default -> skip(in, tag);
            }
        }
        return new PprofHeader(dropFrames, keepFrames, timeNanos, durationNanos, hasPeriodType, periodType[0],
                periodType[1], period, defaultSampleType, docUrl);
    }

    /** One mapping, location, function or string_table entry. */
    private static void table(byte[] buffer, CodedInputStream in, PprofVisitor visitor, int tag, boolean checkStrings)
            throws IOException, InvalidProfileException {
        switch (WireFormat.getTagFieldNumber(tag)) {
            case 3 -> mapping(in, visitor);
            case 4 -> location(in, visitor);
            case 5 -> function(in, visitor);
            default -> string(buffer, in, visitor, checkStrings);
        }
    }

    /** Merges a ValueType message into {@code typeAndUnit}: fields present on the wire replace. */
    private static void valueType(CodedInputStream in, long[] typeAndUnit) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> typeAndUnit[0] = in.readInt64();
                case 2 << 3 | VARINT -> typeAndUnit[1] = in.readInt64();
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
    }

    private static void sample(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> visitor.sampleLocation(in.readUInt64());
                case 1 << 3 | LEN -> {
                    int packed = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        visitor.sampleLocation(in.readUInt64());
                    }
                    in.popLimit(packed);
                }
                case 2 << 3 | VARINT -> visitor.sampleValue(in.readInt64());
                case 2 << 3 | LEN -> {
                    int packed = in.pushLimit(in.readRawVarint32());
                    while (in.getBytesUntilLimit() > 0) {
                        visitor.sampleValue(in.readInt64());
                    }
                    in.popLimit(packed);
                }
                case 3 << 3 | LEN -> label(in, visitor);
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.sampleEnd();
    }

    private static void label(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        long key = 0, str = 0, num = 0, numUnit = 0;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> key = in.readInt64();
                case 2 << 3 | VARINT -> str = in.readInt64();
                case 3 << 3 | VARINT -> num = in.readInt64();
                case 4 << 3 | VARINT -> numUnit = in.readInt64();
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.sampleLabel(key, str, num, numUnit);
    }

    private static void mapping(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        long id = 0, filename = 0, buildId = 0;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> id = in.readUInt64();
                case 5 << 3 | VARINT -> filename = in.readInt64();
                case 6 << 3 | VARINT -> buildId = in.readInt64();
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.mapping(id, filename, buildId);
    }

    private static void location(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        long id = 0, mappingId = 0, address = 0;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> id = in.readUInt64();
                case 2 << 3 | VARINT -> mappingId = in.readUInt64();
                case 3 << 3 | VARINT -> address = in.readUInt64();
                case 4 << 3 | LEN -> line(in, visitor);
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.locationEnd(id, mappingId, address);
    }

    private static void line(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        long functionId = 0, line = 0;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> functionId = in.readUInt64();
                case 2 << 3 | VARINT -> line = in.readInt64();
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.line(functionId, line);
    }

    private static void function(CodedInputStream in, PprofVisitor visitor) throws IOException, InvalidProfileException {
        long id = 0, name = 0, systemName = 0, filename = 0;
        int limit = in.pushLimit(in.readRawVarint32());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 | VARINT -> id = in.readUInt64();
                case 2 << 3 | VARINT -> name = in.readInt64();
                case 3 << 3 | VARINT -> systemName = in.readInt64();
                case 4 << 3 | VARINT -> filename = in.readInt64();
                default -> skip(in, tag);
            }
        }
        in.popLimit(limit);
        visitor.function(id, name, systemName, filename);
    }

    private static void string(byte[] buffer, CodedInputStream in, PprofVisitor visitor, boolean check)
            throws IOException, InvalidProfileException {
        int lengthAt = in.getTotalBytesRead();
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new InvalidProtocolBufferException("a string_table entry claims a negative length");
        }
        int start = in.getTotalBytesRead();
        in.skipRawBytes(length);
        if (check && !Utf8Check.isValid(buffer, start, start + length)) {
            throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
        }
        visitor.string(lengthAt, length);
    }

    /**
     * Skips one field that is not part of the schema read here. Groups are skipped without
     * recursion, nested at most {@link #MAX_GROUP_NESTING} deep, each closed by its own field number.
     */
    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
            throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
        }
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_START_GROUP) {
            in.skipField(tag);
            return;
        }
        int[] open = new int[MAX_GROUP_NESTING];
        int depth = 0;
        open[depth++] = WireFormat.getTagFieldNumber(tag);
        while (depth > 0) {
            int inner = in.readTag();
            if (inner == 0) {
                throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
            }
            int wireType = WireFormat.getTagWireType(inner);
            if (wireType == WireFormat.WIRETYPE_START_GROUP) {
                if (depth == MAX_GROUP_NESTING) {
                    throw new InvalidProtocolBufferException("Protocol message had too many levels of nesting.");
                }
                open[depth++] = WireFormat.getTagFieldNumber(inner);
            } else if (wireType == WireFormat.WIRETYPE_END_GROUP) {
                if (WireFormat.getTagFieldNumber(inner) != open[--depth]) {
                    throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
                }
            } else {
                in.skipField(inner);
            }
        }
    }
}
