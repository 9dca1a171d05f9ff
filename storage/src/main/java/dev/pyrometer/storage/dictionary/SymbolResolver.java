package dev.pyrometer.storage.dictionary;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.SeriesProfile;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the stacks of series profiles into stack dictionary ids, resolving functions, then
 * frames, then stacks (each level at most two statements, none when cached). Thread-safe.
 */
public final class SymbolResolver {
    private final FunctionDictionary functions;
    private final FrameDictionary frames;
    private final StackDictionary stacks;

    public SymbolResolver(int cacheCapacity) {
        this.functions = new FunctionDictionary(cacheCapacity);
        this.frames = new FrameDictionary(cacheCapacity);
        this.stacks = new StackDictionary(cacheCapacity);
    }

    /** For each profile, the stack id of each of its stacks, in the profile's stack order. */
    public List<long[]> stackIds(Connection connection, int tenantId, List<SeriesProfile> profiles) throws SQLException {
        Map<FrameTable, long[]> frameIdsByTable = frameIds(connection, tenantId, profiles);

        List<StackKey[]> keysByProfile = new ArrayList<>(profiles.size());
        Set<StackKey> distinct = new LinkedHashSet<>();
        for (SeriesProfile profile : profiles) {
            long[] frameIds = frameIdsByTable.get(profile.frames());
            StackKey[] keys = new StackKey[profile.stackCount()];
            for (int i = 0; i < keys.length; i++) {
                int[] stack = profile.stacks()[i];
                long[] ids = new long[stack.length];
                for (int f = 0; f < stack.length; f++) {
                    ids[f] = frameIds[stack[f]];
                }
                keys[i] = new StackKey(ids);
                distinct.add(keys[i]);
            }
            keysByProfile.add(keys);
        }
        Map<StackKey, Long> stackIds = stacks.resolve(connection, tenantId, distinct);

        List<long[]> result = new ArrayList<>(profiles.size());
        for (StackKey[] keys : keysByProfile) {
            long[] ids = new long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                ids[i] = stackIds.get(keys[i]);
            }
            result.add(ids);
        }
        return result;
    }

    public List<Dictionary<?>> dictionaries() {
        return List.of(functions, frames, stacks);
    }

    private Map<FrameTable, long[]> frameIds(Connection connection, int tenantId, List<SeriesProfile> profiles) throws SQLException {
        Map<FrameTable, long[]> result = new IdentityHashMap<>();
        Map<FrameTable, FunctionKey[]> functionKeysByTable = new IdentityHashMap<>();
        Set<FunctionKey> functionKeys = new LinkedHashSet<>();
        for (SeriesProfile profile : profiles) {
            FrameTable table = profile.frames();
            if (result.putIfAbsent(table, new long[table.size()]) == null) {
                FunctionKey[] keys = new FunctionKey[table.size()];
                for (int i = 0; i < keys.length; i++) {
                    Frame frame = table.get(i);
                    keys[i] = new FunctionKey(frame.function(), frame.file());
                    functionKeys.add(keys[i]);
                }
                functionKeysByTable.put(table, keys);
            }
        }
        Map<FunctionKey, Long> functionIds = functions.resolve(connection, tenantId, functionKeys);

        Map<FrameTable, FrameKey[]> frameKeys = new IdentityHashMap<>();
        Set<FrameKey> distinct = new LinkedHashSet<>();
        for (FrameTable table : result.keySet()) {
            FunctionKey[] functionsOfFrames = functionKeysByTable.get(table);
            FrameKey[] keys = new FrameKey[table.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = new FrameKey(functionIds.get(functionsOfFrames[i]), table.get(i).line());
                distinct.add(keys[i]);
            }
            frameKeys.put(table, keys);
        }
        Map<FrameKey, Long> frameIds = frames.resolve(connection, tenantId, distinct);
        for (Map.Entry<FrameTable, FrameKey[]> entry : frameKeys.entrySet()) {
            long[] ids = result.get(entry.getKey());
            FrameKey[] keys = entry.getValue();
            for (int i = 0; i < keys.length; i++) {
                ids[i] = frameIds.get(keys[i]);
            }
        }
        return result;
    }
}
