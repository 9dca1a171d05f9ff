package dev.pyrometer.compat.workload;

import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;

/** The dynamic label through Grafana's Java agent's labels API; loaded only when that agent is. */
final class PyroscopeLabels {
    private PyroscopeLabels() {
    }

    static void run(String name, String value, Runnable work) {
        Pyroscope.LabelsWrapper.run(new LabelsSet(name, value), work);
    }
}
