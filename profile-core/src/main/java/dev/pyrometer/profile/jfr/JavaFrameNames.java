package dev.pyrometer.profile.jfr;

import java.util.regex.Pattern;

/**
 * How a JVM frame is named, the same for recordings uploaded by Pyroscope's Java agent and for
 * Pyrometer's own -javaagent: function {@code internal/class/Name.method} (the class in the JVM's
 * internal form, slashes between packages, {@code $} before nested classes), as Pyroscope shows
 * Java frames. Names of generated classes that differ from run to run are merged: lambda classes
 * ({@code Foo$$Lambda$12/0x0000000800c0a000}, {@code Foo$$Lambda.0x…}) become {@code Foo$$Lambda_}
 * and reflection accessors ({@code jdk/internal/reflect/GeneratedMethodAccessor31}) lose their
 * number, so one code path is one function across restarts.
 */
public final class JavaFrameNames {
    private static final Pattern LAMBDA = Pattern.compile("^(.+\\$\\$Lambda)(\\$?\\d*[./+](0x)?[\\da-f]+|\\d+)$");
    private static final Pattern ACCESSOR = Pattern.compile("^(jdk/internal/reflect/GeneratedMethodAccessor)(\\d+)$");

    private JavaFrameNames() {
    }

    /**
     * The function name of a frame. {@code className} may be in internal ({@code a/b/C}) or binary
     * ({@code a.b.C}) form; for native frames it is the library name and is kept as it is.
     */
    public static String function(String className, String methodName, boolean javaFrame) {
        String type = javaFrame ? stableClassName(className.replace('.', '/')) : className;
        return type.isEmpty() ? methodName : type + "." + methodName;
    }

    /** {@code a/b/C$$Lambda$12/0x…} → {@code a/b/C$$Lambda_}; other internal names unchanged. */
    static String stableClassName(String internalName) {
        if (internalName.contains("$$Lambda")) {
            var m = LAMBDA.matcher(internalName);
            if (m.matches()) {
                return m.group(1) + "_";
            }
            // JDK 17 hidden classes read back in binary form: a/b/C$$Lambda$12/0x… after the dot→slash swap
        }
        var accessor = ACCESSOR.matcher(internalName);
        return accessor.matches() ? accessor.group(1) + "_" : internalName;
    }

    /**
     * The source file javac would have read for a class: {@code java/util/HashMap.java} for
     * {@code java/util/HashMap$Node} (or {@code java.util.HashMap$Node}); "" for "".
     */
    public static String sourceFile(String className) {
        if (className.isEmpty()) {
            return "";
        }
        String internal = className.replace('.', '/');
        int nested = internal.indexOf('$');
        return (nested > 0 ? internal.substring(0, nested) : internal) + ".java";
    }
}
