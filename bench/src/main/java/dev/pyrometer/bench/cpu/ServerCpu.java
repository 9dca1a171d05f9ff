package dev.pyrometer.bench.cpu;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * What a server on this machine spends in CPU, read from Linux's /proc: a JVM service (its threads) and, when its
 * pid is known, the PostgreSQL it writes to (the postmaster and its processes, less the benchmark's own
 * connections). A {@link Reading} taken at the start and at the end of a phase gives the CPU per stored profile.
 */
public final class ServerCpu {
    private final long servicePid;
    private final long postgresPid;
    private final double ticksPerSecond;
    private final String serviceName;

    /**
     * @param postgresPid    the postmaster's pid, or 0 when PostgreSQL does not run here (then only the service is read)
     * @param ticksPerSecond clock ticks a second, {@code getconf CLK_TCK}
     */
    public ServerCpu(String serviceName, long servicePid, long postgresPid, double ticksPerSecond) {
        this.serviceName = serviceName;
        this.servicePid = servicePid;
        this.postgresPid = postgresPid;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Both parts' CPU so far. */
    public record Reading(CpuSnapshot service, CpuSnapshot postgres) {
    }

    /** Reads both parts; {@code excludedPids} are PostgreSQL processes that serve the benchmark itself. */
    public Reading read(Set<Long> excludedPids) {
        return new Reading(CpuSnapshot.ofThreads(servicePid),
                postgresPid > 0 ? CpuSnapshot.ofProcessTree(postgresPid, excludedPids) : new CpuSnapshot(0, Map.of()));
    }

    /** Prints each part's CPU in µs per profile, broken down by thread or process group, and their sum. */
    public void print(PrintStream out, Reading start, Reading end, long profiles, double seconds) {
        out.printf("== server CPU per stored profile (%d profiles in %.0f s; /proc utime+stime, %.0f ticks/s) ==%n",
                profiles, seconds, ticksPerSecond);
        double service = part(out, serviceName + " (JVM threads)", start.service(), end.service(), profiles, seconds);
        double postgres = 0;
        if (postgresPid > 0) {
            postgres = part(out, "PostgreSQL (postmaster pid " + postgresPid + " and its processes)", start.postgres(), end.postgres(),
                    profiles, seconds);
        } else {
            out.println("PostgreSQL: not read (its postmaster pid is unknown)");
        }
        out.printf("server CPU per profile: %.1f µs (%s %.1f + PostgreSQL %.1f)%n", service + postgres, serviceName, service, postgres);
    }

    private double part(PrintStream out, String title, CpuSnapshot start, CpuSnapshot end, long profiles, double seconds) {
        double totalSeconds = (end.totalTicks() - start.totalTicks()) / ticksPerSecond;
        double perProfile = micros(end.totalTicks() - start.totalTicks(), profiles);
        out.printf("%s: %.1f s CPU (%.2f cores) -> %.1f µs/profile%n", title, totalSeconds, totalSeconds / seconds, perProfile);
        end.groupsSince(start).entrySet().stream()
                .filter(group -> group.getValue() != 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(group -> out.printf("  %-40s %8.1f µs/profile%n", group.getKey(), micros(group.getValue(), profiles)));
        return perProfile;
    }

    private double micros(long ticks, long profiles) {
        return profiles == 0 ? Double.NaN : ticks / ticksPerSecond * 1e6 / profiles;
    }
}
