package dev.pyrometer.storage.testing;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.dictionary.Dictionary;
import dev.pyrometer.storage.dictionary.SymbolResolver;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Row counts of the three symbol dictionaries. */
public record SymbolCounts(long functions, long frames, long stacks) {

    /**
     * What the dictionaries must hold after storing {@code profiles} into empty ones: the distinct
     * (name, file) functions and (name, file, line) frames of their frame tables, and their
     * distinct stacks.
     */
    public static SymbolCounts expected(Collection<SeriesProfile> profiles) {
        Set<FrameTable> tables = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<List<String>> functions = new HashSet<>();
        Set<Frame> frames = new HashSet<>();
        Set<List<Frame>> stacks = new HashSet<>();
        for (SeriesProfile profile : profiles) {
            if (tables.add(profile.frames())) {
                for (int i = 0; i < profile.frames().size(); i++) {
                    Frame frame = profile.frames().get(i);
                    functions.add(List.of(frame.function(), frame.file()));
                    frames.add(frame);
                }
            }
            for (int i = 0; i < profile.stackCount(); i++) {
                stacks.add(profile.stackFrames(i));
            }
        }
        return new SymbolCounts(functions.size(), frames.size(), stacks.size());
    }

    public static SymbolCounts stored(Store store) throws SQLException {
        return new SymbolCounts(store.count("SELECT count(*) FROM symbol_function"),
                store.count("SELECT count(*) FROM symbol_frame"),
                store.count("SELECT count(*) FROM symbol_stack"));
    }

    public long sum() {
        return functions + frames + stacks;
    }

    public static long hits(SymbolResolver symbols) {
        return symbols.dictionaries().stream().mapToLong(Dictionary::cacheHits).sum();
    }

    public static long misses(SymbolResolver symbols) {
        return symbols.dictionaries().stream().mapToLong(Dictionary::cacheMisses).sum();
    }
}
