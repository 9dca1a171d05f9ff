package dev.pyrometer.bench.cpu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CPU a server has used since it started, in clock ticks: its total, and the share of each thread or process
 * alive at the time, each with the group it is counted in. Two snapshots give what the server used in between.
 *
 * @param totalTicks the whole server's CPU, including what threads or processes that have ended used
 * @param units      by thread or process id, the group and the CPU of each one alive
 */
public record CpuSnapshot(long totalTicks, Map<Long, Unit> units) {
    /** The group of the CPU that units alive at the start but gone at the end, or started and ended in between, used. */
    public static final String ENDED = "(ended while measuring)";
    private static final Pattern CLIENT_BACKEND = Pattern.compile("\\(\\d+\\)|\\[local]");

    public record Unit(String group, long ticks) {
    }

    /** One process's CPU (utime + stime of all its threads), with its threads grouped by name less their number. */
    public static CpuSnapshot ofThreads(long pid) {
        Map<Long, Unit> units = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                ProcStat.read(task.resolve("stat")).ifPresent(thread ->
                        units.put(thread.pid(), new Unit(threadGroup(thread.comm()), thread.ownTicks())));
            }
        } catch (IOException e) {
            // The process is gone: nothing alive to group.
        }
        // Read after its threads, so that the total holds at least what they had.
        long total = ProcStat.ofProcess(pid).map(ProcStat::ownTicks).orElse(0L);
        return new CpuSnapshot(total, units);
    }

    /**
     * A process and its descendants (PostgreSQL's postmaster and its server processes): every live one's own CPU, plus
     * the CPU of the children the root has waited for. Processes in {@code excluded} (the benchmark's own connections)
     * count in neither, as long as they live.
     */
    public static CpuSnapshot ofProcessTree(long rootPid, Set<Long> excluded) {
        Optional<ProcStat> root = ProcStat.ofProcess(rootPid);
        if (root.isEmpty()) {
            return new CpuSnapshot(0, Map.of());
        }
        Map<Long, Unit> units = new HashMap<>();
        units.put(rootPid, new Unit("postmaster", root.get().ownTicks()));
        long total = root.get().ownTicks() + root.get().childTicks();
        for (ProcessHandle child : ProcessHandle.of(rootPid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            if (excluded.contains(child.pid())) {
                continue;
            }
            Optional<ProcStat> stat = ProcStat.ofProcess(child.pid());
            if (stat.isPresent()) {
                units.put(child.pid(), new Unit(processGroup(ProcStat.commandLine(child.pid())), stat.get().ownTicks()));
                total += stat.get().ownTicks();
            }
        }
        return new CpuSnapshot(total, units);
    }

    /** Per group, the ticks used from {@code start} to this snapshot; {@link #ENDED} holds the rest of the total's change. */
    public Map<String, Long> groupsSince(CpuSnapshot start) {
        Map<String, Long> groups = new TreeMap<>();
        long grouped = 0;
        for (Map.Entry<Long, Unit> entry : units.entrySet()) {
            Unit before = start.units.get(entry.getKey());
            long used = entry.getValue().ticks() - (before == null ? 0 : before.ticks());
            groups.merge(entry.getValue().group(), used, Long::sum);
            grouped += used;
        }
        long ended = totalTicks - start.totalTicks - grouped;
        if (ended != 0) {
            groups.put(ENDED, ended);
        }
        return groups;
    }

    /** A thread's name less its trailing number, e.g. "profile-writer-1" and "GC Thread#0" become "profile-writer", "GC Thread". */
    static String threadGroup(String name) {
        String group = name.replaceAll("[-#_ ]*\\d+$", "");
        return group.isEmpty() ? name : group;
    }

    /** A PostgreSQL process title as a group: "client backends", or the background process's name ("checkpointer"). */
    static String processGroup(String title) {
        if (CLIENT_BACKEND.matcher(title).find()) {
            return "client backends";
        }
        return title.startsWith("postgres: ") ? title.substring("postgres: ".length()).trim() : title;
    }
}
