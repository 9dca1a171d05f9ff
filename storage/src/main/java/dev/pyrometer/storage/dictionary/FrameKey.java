package dev.pyrometer.storage.dictionary;

/** A frame as the dictionary stores it: a function dictionary id and a line (0 when unknown). */
public record FrameKey(long functionId, long line) {
}
