package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.model.LabelSet;

/**
 * One profile converted from a JFR upload.
 *
 * @param profileName Pyroscope's profile name ({@code process_cpu}, {@code wall}, {@code memory},
 *                    {@code mutex}, {@code block}); the pprof's sample and period types complete the type
 * @param labels      the dynamic labels of the events' context, to add to the series labels; empty when none
 * @param pprof       an uncompressed pprof, to be decoded with all limits like any upload
 */
public record JfrProfile(String profileName, LabelSet labels, byte[] pprof) {
}
