package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

/**
 * What all profiles converted from one recording may hold together: samples, functions,
 * locations and strings, summed over the profiles, within {@link ProfileLimits}. Each is counted
 * before the entry is allocated.
 */
final class JfrBudget {
    private final ProfileLimits limits;
    private long samples;
    private long functions;
    private long locations;
    private long strings;

    JfrBudget(ProfileLimits limits) {
        this.limits = limits;
    }

    void sample() throws InvalidProfileException {
        if (++samples > limits.maxSamples()) {
            throw new InvalidProfileException(Problem.TOO_MANY_SAMPLES,
                    "JFR recording converts to more than " + limits.maxSamples() + " samples");
        }
    }

    void function() throws InvalidProfileException {
        if (++functions > limits.maxFunctions()) {
            throw symbols(limits.maxFunctions(), "functions");
        }
    }

    void location() throws InvalidProfileException {
        if (++locations > limits.maxLocations()) {
            throw symbols(limits.maxLocations(), "locations");
        }
    }

    void string() throws InvalidProfileException {
        if (++strings > limits.maxStrings()) {
            throw symbols(limits.maxStrings(), "strings");
        }
    }

    private static InvalidProfileException symbols(int limit, String what) {
        return new InvalidProfileException(Problem.TOO_MANY_SYMBOLS, "JFR recording converts to more than " + limit + " " + what);
    }
}
