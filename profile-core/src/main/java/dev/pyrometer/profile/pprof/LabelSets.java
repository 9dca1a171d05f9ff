package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.validation.InvalidProfileException;

import java.util.ArrayList;
import java.util.List;

/**
 * The label sets of a pprof's samples, built once per distinct sequence of (key, value) string
 * indexes: samples with the same string labels share one {@link LabelSet}. A later label with the
 * same key replaces an earlier one.
 */
final class LabelSets {
    private final PprofTables tables;
    private final IntSequences sequences = new IntSequences();
    private final List<LabelSet> sets = new ArrayList<>();

    LabelSets(PprofTables tables) {
        this.tables = tables;
    }

    /** The set of the pairs {@code keysAndValues[0, length)}: key index, value index, key index, .... */
    LabelSet labelSet(int[] keysAndValues, int length) throws InvalidProfileException {
        if (length == 0) {
            return LabelSet.EMPTY;
        }
        int known = sequences.find(keysAndValues, length);
        if (known >= 0) {
            return sets.get(known);
        }
        List<Label> labels = new ArrayList<>(length / 2);
        for (int i = 0; i < length; i += 2) {
            labels.add(new Label(tables.string(keysAndValues[i], "sample label key"),
                    tables.string(keysAndValues[i + 1], "sample label value")));
        }
        LabelSet set = LabelSet.of(labels);
        sequences.add(keysAndValues, length);
        sets.add(set);
        return set;
    }
}
