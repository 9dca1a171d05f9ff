package dev.pyrometer.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What Linux's /proc says about processes, and which local ports answer. */
final class Processes {
    private Processes() {
    }

    /** One line of /proc: pid, session, process group, state and command line. */
    record Proc(long pid, long ppid, long pgrp, long session, char state, String cmdline) {
        @Override
        public String toString() {
            return pid + " (ppid " + ppid + ", pgrp " + pgrp + ", session " + session + ", " + state + ") " + cmdline;
        }
    }

    static Optional<Proc> read(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            return Optional.of(new Proc(pid, Long.parseLong(rest[1]), Long.parseLong(rest[2]), Long.parseLong(rest[3]),
                    rest[0].charAt(0), cmdline));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile, or not ours to read
        }
    }

    static List<Proc> all() {
        List<Proc> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                read(Long.parseLong(dir.getFileName().toString())).ifPresent(result::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return result;
    }

    /** Live (non-zombie) processes in the session, or whose command line mentions {@code text}. */
    static List<Proc> leftovers(long session, String text) {
        return all().stream()
                .filter(p -> p.state() != 'Z')
                .filter(p -> p.session() == session || p.cmdline().contains(text))
                .toList();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The local addresses with a TCP socket listening on {@code port}, from /proc/net/tcp and tcp6, as
     * the kernel writes them (hex): "0100007F" is 127.0.0.1, "00000000" is 0.0.0.0.
     */
    static List<String> listenAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path path = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(path)) {
                continue;
            }
            for (String line : java.nio.file.Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].equals("0A") && fields[1].endsWith(":" + String.format("%04X", port))) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    /** {@code n} distinct ports that are free now, away from the services' defaults. */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Runs a short command and returns its exit code. */
    static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }
}
