package dev.pyrometer.profile.delta;

import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns pprof samples into keys that mean the same thing in every scrape of a process: the stack as
 * resolved frames (function name, file, line; inline frames included) and the sample's labels
 * (string and numeric). Raw location and function ids are never part of a key: the target numbers
 * them afresh in every response. Frames and labels are interned to ints, so a key is an int array.
 * Not thread-safe; one instance serves one stream of profiles.
 */
final class SampleKeys {

    /** An interned sample identity; equal keys denote the same stack with the same labels. */
    record Key(int[] parts) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(parts, key.parts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parts);
        }
    }

    private record Frame(String function, String file, long line) {
    }

    private record LabelPart(String key, String str, long num, String unit) {
    }

    private final Map<Frame, Integer> frames = new HashMap<>();
    private final Map<LabelPart, Integer> labels = new HashMap<>();

    /** The ids of one profile, resolved once and shared by all its samples. */
    final class Resolver {
        private final PprofProto.Profile profile;
        private final Map<Long, int[]> framesByLocation = new HashMap<>();
        private final Map<Long, PprofProto.Location> locations = new HashMap<>();
        private final Map<Long, PprofProto.Function> functions = new HashMap<>();

        Resolver(PprofProto.Profile profile) {
            this.profile = profile;
            profile.getLocationList().forEach(location -> locations.put(location.getId(), location));
            profile.getFunctionList().forEach(function -> functions.put(function.getId(), function));
        }

        Key key(PprofProto.Sample sample) {
            int size = 0;
            int[][] parts = new int[sample.getLocationIdCount()][];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = framesOf(sample.getLocationId(i));
                size += parts[i].length;
            }
            int[] key = new int[size + 1 + sample.getLabelCount()];
            int at = 0;
            for (int[] part : parts) {
                System.arraycopy(part, 0, key, at, part.length);
                at += part.length;
            }
            key[at++] = -1;
            int labelStart = at;
            for (PprofProto.Label label : sample.getLabelList()) {
                key[at++] = labels.computeIfAbsent(new LabelPart(string(label.getKey()), string(label.getStr()),
                        label.getNum(), string(label.getNumUnit())), l -> labels.size());
            }
            Arrays.sort(key, labelStart, at);
            return new Key(key);
        }

        private int[] framesOf(long locationId) {
            int[] known = framesByLocation.get(locationId);
            if (known != null) {
                return known;
            }
            PprofProto.Location location = locations.get(locationId);
            int[] result;
            if (location == null || location.getLineCount() == 0) {
                String address = location == null ? "?" + locationId : "0x" + Long.toHexString(location.getAddress());
                result = new int[] {frame(new Frame(address, "", 0))};
            } else {
                result = new int[location.getLineCount()];
                for (int i = 0; i < result.length; i++) {
                    PprofProto.Line line = location.getLine(i);
                    PprofProto.Function function = functions.get(line.getFunctionId());
                    String name = function == null ? "?" : string(function.getName());
                    String file = function == null ? "" : string(function.getFilename());
                    result[i] = frame(new Frame(name, file, line.getLine()));
                }
            }
            framesByLocation.put(locationId, result);
            return result;
        }

        private String string(long index) {
            return index > 0 && index < profile.getStringTableCount() ? profile.getStringTable((int) index) : "";
        }
    }

    Resolver resolver(PprofProto.Profile profile) {
        return new Resolver(profile);
    }

    private int frame(Frame frame) {
        return frames.computeIfAbsent(frame, f -> frames.size());
    }
}
