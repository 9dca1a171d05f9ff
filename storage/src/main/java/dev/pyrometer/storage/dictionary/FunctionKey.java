package dev.pyrometer.storage.dictionary;

/** A function as the dictionary stores it: its name and source file ("" when unknown). */
public record FunctionKey(String name, String file) {
}
