package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.nio.charset.StandardCharsets;

/**
 * The second pass over a pprof: reads its string table, sample types, mappings, functions and
 * locations into primitive arrays sized by the {@link PprofCensus}, and checks that every id and
 * string index among them resolves. Strings are decoded on first use only.
 *
 * <p>Memory, per entry: 8 bytes a string (offset and cache slot) plus the decoded text when used;
 * 16 + 11 a function; 28 + 11 a location; 16 a line; 8 + 11 a mapping (the 11 is the id index).
 */
final class PprofTables implements PprofVisitor {
    private final byte[] buffer;
    private final int stringCount;
    private final int[] stringAt;
    private final String[] decoded;
    /** Strings as symbols (NUL replaced), allocated when the first symbol is asked for. */
    private String[] symbols;
    private int strings;

    final long[] sampleTypeType;
    final long[] sampleTypeUnit;
    int sampleTypes;

    private final long[] mappingIds;
    private int mappings;

    final long[] functionIds;
    final int[] functionName;
    final int[] functionFile;
    int functions;

    final long[] locationIds;
    private final long[] locationMapping;
    final long[] locationAddress;
    /** Lines of location i are {@code [locationLineStart[i], locationLineStart[i + 1])}. */
    final int[] locationLineStart;
    int locations;
    final long[] lineFunction;
    final long[] lineNumber;
    private int lines;

    IdIndex functionIndex;
    IdIndex locationIndex;
    PprofHeader header;

    private PprofTables(byte[] buffer, PprofCensus census) {
        this.buffer = buffer;
        this.stringCount = census.strings;
        this.stringAt = new int[census.strings];
        this.decoded = new String[census.strings];
        this.sampleTypeType = new long[census.sampleTypes];
        this.sampleTypeUnit = new long[census.sampleTypes];
        this.mappingIds = new long[census.mappings];
        this.functionIds = new long[census.functions];
        this.functionName = new int[census.functions];
        this.functionFile = new int[census.functions];
        this.locationIds = new long[census.locations];
        this.locationMapping = new long[census.locations];
        this.locationAddress = new long[census.locations];
        this.locationLineStart = new int[census.locations + 1];
        this.lineFunction = new long[(int) census.lines];
        this.lineNumber = new long[(int) census.lines];
    }

    /** Reads the tables of the pprof in {@code buffer[0, length)}, which {@code census} counted. */
    static PprofTables read(byte[] buffer, int length, PprofCensus census) throws InvalidProfileException {
        PprofTables tables = new PprofTables(buffer, census);
        tables.header = PprofWalker.walk(buffer, length, tables, PprofWalker.Pass.TABLES);
        tables.resolve(tables.header);
        return tables;
    }

    @Override
    public void sampleType(long type, long unit) throws InvalidProfileException {
        checkIndex(type, "sample_type type");
        checkIndex(unit, "sample_type unit");
        sampleTypeType[sampleTypes] = type;
        sampleTypeUnit[sampleTypes++] = unit;
    }

    @Override
    public void mapping(long id, long filename, long buildId) throws InvalidProfileException {
        checkIndex(filename, "mapping", id, "filename");
        checkIndex(buildId, "mapping", id, "build_id");
        mappingIds[mappings++] = id;
    }

    @Override
    public void function(long id, long name, long systemName, long filename) throws InvalidProfileException {
        if (id == 0) {
            throw new InvalidProfileException(Problem.MALFORMED, "function id 0 is reserved");
        }
        checkIndex(name, "function", id, "name");
        checkIndex(systemName, "function", id, "system_name");
        checkIndex(filename, "function", id, "filename");
        functionIds[functions] = id;
        functionName[functions] = (int) name;
        functionFile[functions++] = (int) filename;
    }

    @Override
    public void line(long functionId, long line) {
        lineFunction[lines] = functionId;
        lineNumber[lines++] = line;
    }

    @Override
    public void locationEnd(long id, long mappingId, long address) throws InvalidProfileException {
        if (id == 0) {
            throw new InvalidProfileException(Problem.MALFORMED, "location id 0 is reserved");
        }
        locationIds[locations] = id;
        locationMapping[locations] = mappingId;
        locationAddress[locations++] = address;
        locationLineStart[locations] = lines;
    }

    @Override
    public void string(int lengthAt, int length) {
        stringAt[strings++] = lengthAt;
    }

    @Override
    public void comment(long index) throws InvalidProfileException {
        checkIndex(index, "comment");
    }

    private void resolve(PprofHeader header) throws InvalidProfileException {
        checkIndex(header.dropFrames(), "drop_frames");
        checkIndex(header.keepFrames(), "keep_frames");
        checkIndex(header.docUrl(), "doc_url");
        checkIndex(header.defaultSampleType(), "default_sample_type");
        if (header.hasPeriodType()) {
            checkIndex(header.periodTypeType(), "period_type type");
            checkIndex(header.periodTypeUnit(), "period_type unit");
        }
        IdIndex mappingIndex = IdIndex.of(mappingIds, mappings, "mapping");
        functionIndex = IdIndex.of(functionIds, functions, "function");
        locationIndex = IdIndex.of(locationIds, locations, "location");
        for (int location = 0; location < locations; location++) {
            long mappingId = locationMapping[location];
            if (mappingId != 0 && mappingIndex.find(mappingId) < 0) {
                throw dangling(location, "mapping", mappingId);
            }
            for (int line = locationLineStart[location]; line < locationLineStart[location + 1]; line++) {
                if (functionIndex.find(lineFunction[line]) < 0) {
                    throw dangling(location, "function", lineFunction[line]);
                }
            }
        }
    }

    /**
     * String {@code index}, decoded once and then shared.
     *
     * @param where what holds the index, for the refusal of an index outside the table
     */
    String string(long index, String where) throws InvalidProfileException {
        checkIndex(index, where);
        String text = decoded[(int) index];
        if (text == null) {
            int at = stringAt[(int) index];
            int length = 0;
            int shift = 0;
            byte b;
            do {
                b = buffer[at++];
                length |= (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0 && shift < 35);
            while (b < 0) {
                b = buffer[at++]; // bits 35..69 of a 10-byte varint; the walker kept the low 32 bits
            }
            text = new String(buffer, at, length, StandardCharsets.UTF_8);
            decoded[(int) index] = text;
        }
        return text;
    }

    /**
     * String {@code index} as a symbol (function name or file): PostgreSQL text cannot hold NUL,
     * so a NUL shows as U+FFFD. Decoded once and then shared.
     */
    String symbol(long index, String where) throws InvalidProfileException {
        String text = string(index, where);
        if (text.indexOf('\0') < 0) {
            return text;
        }
        if (symbols == null) {
            symbols = new String[stringCount];
        }
        if (symbols[(int) index] == null) {
            symbols[(int) index] = text.replace('\0', '\uFFFD');
        }
        return symbols[(int) index];
    }

    void checkIndex(long index, String where) throws InvalidProfileException {
        if (index < 0 || index >= stringCount) {
            throw outOfRange(where, index);
        }
    }

    /** As {@link #checkIndex(long, String)} for field {@code field} of table entry {@code id}; the text is built only to refuse. */
    private void checkIndex(long index, String table, long id, String field) throws InvalidProfileException {
        if (index < 0 || index >= stringCount) {
            throw outOfRange(table + " " + Long.toUnsignedString(id) + " " + field, index);
        }
    }

    private InvalidProfileException outOfRange(String where, long index) {
        return new InvalidProfileException(Problem.STRING_INDEX_OUT_OF_RANGE, where + " has string index " + index
                + ", outside the string table of " + stringCount + " entries");
    }

    private InvalidProfileException dangling(int location, String table, long id) {
        return new InvalidProfileException(Problem.DANGLING_REFERENCE, "location " + Long.toUnsignedString(locationIds[location])
                + " refers to " + table + " " + Long.toUnsignedString(id) + ", which does not exist");
    }
}
