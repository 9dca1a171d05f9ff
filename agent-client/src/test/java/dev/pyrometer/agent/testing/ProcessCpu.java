package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's CPU time (utime + stime from /proc/PID/stat) every few milliseconds on a
 * background thread, so the CPU a process really used in any window can be read back afterwards.
 */
public final class ProcessCpu implements AutoCloseable {
    /** USER_HZ: /proc reports CPU time in ticks of 10 ms on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private record Point(long wallNanos, long cpuNanos) {
    }

    private final Path stat;
    private final List<Point> points = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    public ProcessCpu(long pid, long everyMillis) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "process-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** CPU time the process used between two wall-clock instants (ns since the epoch), interpolated. */
    public synchronized long cpuNanos(long fromWallNanos, long toWallNanos) {
        return at(toWallNanos) - at(fromWallNanos);
    }

    public synchronized long firstWallNanos() {
        return points.get(0).wallNanos;
    }

    public synchronized long lastWallNanos() {
        return points.get(points.size() - 1).wallNanos;
    }

    private long at(long wall) {
        Point before = points.get(0);
        for (Point point : points) {
            if (point.wallNanos >= wall) {
                if (point == before || point.wallNanos == before.wallNanos) {
                    return point.cpuNanos;
                }
                double f = (double) (wall - before.wallNanos) / (point.wallNanos - before.wallNanos);
                return before.cpuNanos + Math.round(f * (point.cpuNanos - before.cpuNanos));
            }
            before = point;
        }
        return before.cpuNanos;
    }

    /** utime + stime of a process, in ns. */
    public static long cpuNanos(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    private void sample() {
        try {
            long cpu = parse(Files.readString(stat));
            synchronized (this) {
                points.add(new Point(System.currentTimeMillis() * 1_000_000L, cpu));
            }
        } catch (IOException | RuntimeException e) {
            running = false;
        }
    }

    private static long parse(String text) {
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
