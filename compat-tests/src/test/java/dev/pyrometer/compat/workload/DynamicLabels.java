package dev.pyrometer.compat.workload;

/**
 * Runs work under a dynamic label when a profiler with a labels API is loaded (Grafana's Java agent puts
 * its {@code io.pyroscope.labels.v2} classes on the class path), and runs it plainly otherwise, so one
 * workload serves every agent. {@link PyroscopeLabels} is only loaded when that API is present.
 */
final class DynamicLabels {
    private static final boolean PYROSCOPE = present("io.pyroscope.labels.v2.Pyroscope");

    private DynamicLabels() {
    }

    static void run(String name, String value, Runnable work) {
        if (PYROSCOPE) {
            PyroscopeLabels.run(name, value, work);
        } else {
            work.run();
        }
    }

    static String describe() {
        return PYROSCOPE ? "Pyroscope labels API" : "none";
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DynamicLabels.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
