package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The type descriptions of one JFR chunk, read from its metadata event: every class (event types,
 * constant pool types and primitive types) with its fields in wire order. Element nesting is
 * bounded; every count is checked against the bytes that remain.
 */
final class JfrMetadata {
    /** A field as written: {@code constantPool} fields are a compressed key, {@code array} fields a count then elements. */
    record Field(String name, long typeId, boolean constantPool, boolean array) {
    }

    /** A class: its id, name and fields in the order they are written. */
    record Type(long id, String name, List<Field> fields) {
        int fieldIndex(String fieldName) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(fieldName)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final int MAX_ELEMENT_DEPTH = 16;

    private final Map<Long, Type> byId;
    private final Map<String, Type> byName;

    private JfrMetadata(Map<Long, Type> byId, Map<String, Type> byName) {
        this.byId = byId;
        this.byName = byName;
    }

    Type type(long id) throws InvalidProfileException {
        Type type = byId.get(id);
        if (type == null) {
            throw new InvalidProfileException(Problem.DANGLING_REFERENCE, "JFR type id " + id + " is not described by the chunk's metadata");
        }
        return type;
    }

    /** The class with this name, or null when the recording does not describe it. */
    Type type(String name) {
        return byName.get(name);
    }

    /** Reads the metadata event whose size field starts at the input's position. */
    static JfrMetadata read(JfrInput in) throws InvalidProfileException {
        int start = in.position();
        int size = in.varInt();
        if (size <= 0 || size > in.limit() - start) {
            throw new InvalidProfileException(Problem.TRUNCATED, "JFR metadata event size " + size + " runs past its chunk");
        }
        in.limit(start + size);
        if (in.varLong() != 0) {
            throw new InvalidProfileException(Problem.MALFORMED, "JFR chunk's metadata offset does not point at a metadata event");
        }
        in.varLong(); // start time
        in.varLong(); // duration
        in.varLong(); // metadata id
        int stringCount = in.count(1, "metadata string");
        String[] strings = new String[stringCount];
        for (int i = 0; i < stringCount; i++) {
            strings[i] = in.string();
        }
        Element root = Element.read(in, strings, 0);
        Map<Long, Type> byId = new HashMap<>();
        Map<String, Type> byName = new HashMap<>();
        for (Element section : root.children) {
            if (!section.name.equals("metadata")) {
                continue;
            }
            for (Element cls : section.children) {
                if (!cls.name.equals("class")) {
                    continue;
                }
                Type type = toType(cls);
                byId.put(type.id(), type);
                byName.put(type.name(), type);
            }
        }
        return new JfrMetadata(byId, byName);
    }

    private static Type toType(Element cls) throws InvalidProfileException {
        List<Field> fields = new ArrayList<>();
        for (Element child : cls.children) {
            if (child.name.equals("field")) {
                fields.add(new Field(child.attribute("name"), number(child.attribute("class")),
                        "true".equals(child.attributes.get("constantPool")),
                        "1".equals(child.attributes.get("dimension"))));
            }
        }
        return new Type(number(cls.attribute("id")), cls.attribute("name"), List.copyOf(fields));
    }

    private static long number(String text) throws InvalidProfileException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidProfileException(Problem.MALFORMED, "JFR metadata holds a type id that is not a number: " + text);
        }
    }

    /** One metadata element: a name, attributes and children, names and values taken from the string table. */
    private static final class Element {
        final String name;
        final Map<String, String> attributes = new HashMap<>();
        final List<Element> children = new ArrayList<>();

        private Element(String name) {
            this.name = name;
        }

        String attribute(String key) throws InvalidProfileException {
            String value = attributes.get(key);
            if (value == null) {
                throw new InvalidProfileException(Problem.MALFORMED, "JFR metadata element '" + name + "' lacks attribute '" + key + "'");
            }
            return value;
        }

        static Element read(JfrInput in, String[] strings, int depth) throws InvalidProfileException {
            if (depth > MAX_ELEMENT_DEPTH) {
                throw new InvalidProfileException(Problem.MALFORMED, "JFR metadata nests deeper than " + MAX_ELEMENT_DEPTH + " elements");
            }
            Element element = new Element(lookup(strings, in.varInt()));
            int attributeCount = in.count(2, "metadata attribute");
            for (int i = 0; i < attributeCount; i++) {
                element.attributes.put(lookup(strings, in.varInt()), lookup(strings, in.varInt()));
            }
            int childCount = in.count(3, "metadata element");
            for (int i = 0; i < childCount; i++) {
                element.children.add(read(in, strings, depth + 1));
            }
            return element;
        }

        private static String lookup(String[] strings, int index) throws InvalidProfileException {
            if (index < 0 || index >= strings.length || strings[index] == null) {
                throw new InvalidProfileException(Problem.STRING_INDEX_OUT_OF_RANGE,
                        "JFR metadata refers to string " + index + " of " + strings.length);
            }
            return strings[index];
        }
    }
}
