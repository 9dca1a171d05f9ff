package dev.pyrometer.profile.model;

import java.util.Objects;

/**
 * One stack frame as {@code go tool pprof} shows it: a function, its source file and the line executing.
 * An inlined call is a frame of its own. {@code file} is "" and {@code line} 0 when unknown.
 */
public record Frame(String function, String file, long line) {
    public Frame {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(file, "file");
    }
}
