package dev.pyrometer.bench.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of Linux's {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: the name, the parent and the
 * CPU times in clock ticks ({@code getconf CLK_TCK} of them a second). {@code childTicks} is the CPU of the children
 * this process has waited for (cutime + cstime), which leaves a child's CPU counted after it exits.
 */
public record ProcStat(long pid, String comm, long parentPid, long ownTicks, long childTicks) {

    /** The stat file's contents, or empty when the process or thread is gone. */
    public static Optional<ProcStat> read(Path statFile) {
        String line;
        try {
            line = Files.readString(statFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        // comm is in parentheses and may itself hold spaces and parentheses; the fields after the last ')' are plain.
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] fields = line.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state) of proc(5): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
        return Optional.of(new ProcStat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                Long.parseLong(fields[1]), Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                Long.parseLong(fields[13]) + Long.parseLong(fields[14])));
    }

    /** The process's own stat, or empty when it is gone. */
    public static Optional<ProcStat> ofProcess(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** The process's command line with its NUL separators as spaces (PostgreSQL writes its process titles there). */
    public static String commandLine(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }
}
