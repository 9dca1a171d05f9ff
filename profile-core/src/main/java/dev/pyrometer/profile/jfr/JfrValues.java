package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

/**
 * Reads JFR values as the chunk's metadata describes them. A record's top-level fields land in
 * {@code longs} (integers, booleans, constant pool keys) or {@code strings} (inline strings) by
 * field index; arrays, floating-point values and inline structs are skipped. Nesting is bounded
 * so a type that contains itself cannot recurse without end.
 */
final class JfrValues {
    private static final int MAX_DEPTH = 32;

    private final JfrMetadata metadata;
    private final JfrInput in;

    JfrValues(JfrMetadata metadata, JfrInput in) {
        this.metadata = metadata;
        this.in = in;
    }

    JfrMetadata metadata() {
        return metadata;
    }

    JfrInput input() {
        return in;
    }

    /** Reads one record of {@code type}; slots of skipped fields are left 0 / null. */
    void read(JfrMetadata.Type type, long[] longs, String[] strings) throws InvalidProfileException {
        var fields = type.fields();
        for (int i = 0; i < fields.size(); i++) {
            JfrMetadata.Field field = fields.get(i);
            if (field.array()) {
                skipField(field, 1);
            } else if (field.constantPool()) {
                longs[i] = in.varLong();
            } else {
                JfrMetadata.Type fieldType = metadata.type(field.typeId());
                switch (fieldType.name()) {
                    case "boolean", "byte" -> longs[i] = in.u1();
                    case "char", "short", "int", "long" -> longs[i] = in.varLong();
                    case "java.lang.String" -> strings[i] = in.string();
                    default -> skipValue(fieldType, 1);
                }
            }
        }
    }

    /** Skips one value of a field, all elements when it is an array. */
    void skipField(JfrMetadata.Field field, int depth) throws InvalidProfileException {
        int n = field.array() ? in.count(1, "array element") : 1;
        for (int i = 0; i < n; i++) {
            if (field.constantPool()) {
                in.varLong();
            } else {
                skipValue(metadata.type(field.typeId()), depth);
            }
        }
    }

    void skipValue(JfrMetadata.Type type, int depth) throws InvalidProfileException {
        if (depth > MAX_DEPTH) {
            throw new InvalidProfileException(Problem.MALFORMED, "JFR type " + type.name() + " nests deeper than " + MAX_DEPTH + " levels");
        }
        switch (type.name()) {
            case "boolean", "byte" -> in.skip(1);
            case "char", "short", "int", "long" -> in.varLong();
            case "float" -> in.skip(4);
            case "double" -> in.skip(8);
            case "java.lang.String" -> in.string();
            default -> {
                for (JfrMetadata.Field field : type.fields()) {
                    skipField(field, depth + 1);
                }
            }
        }
    }
}
