package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.config.Catalog;
import dev.pyrometer.agent.config.CommonSetup;
import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.config.ResolvedConfig;
import dev.pyrometer.agent.config.Source;
import dev.pyrometer.agent.pprof.InvalidPprofException;
import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.IdempotencyIds;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushObserver;
import dev.pyrometer.agent.push.impl.GrpcPushClient;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code push [--settings] FILE...}: pushes pprof files once, e.g.
 * {@code java -jar pyrometer-agent.jar push --server=127.0.0.1:4100 --service=api --profile-name=process_cpu cpu.pb.gz}.
 * Each file is checked to be a pprof first. Without {@code --id}, a file's id is derived from its
 * content, labels, name and window, so running the same command twice stores it once; with
 * {@code --now} too, since the window then ends at the file's last-modification time, not at the
 * moment of the push. Prints one line per file: stored, already stored, "rejected by the server"
 * (a permanent refusal, e.g. a limit the profile breaks) or "NOT stored" (transient failures that
 * outlasted the attempts). Exits 0 when every file was stored (or already was), 1 when any was
 * rejected or not stored, 2 on bad arguments. Unless set, retries stop after 4 attempts with at
 * most 2 s between them.
 */
public final class PushCommand {
    private PushCommand() {
    }

    public static int run(Args args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.positionals().isEmpty()) {
            err.println("push: name at least one pprof file (gzipped or plain), e.g. push --service=api --profile-name=process_cpu cpu.pb.gz");
            return 2;
        }
        CommonSetup setup;
        Map<Path, OutgoingProfile> profiles = new LinkedHashMap<>();
        try {
            setup = CommonSetup.load(args.flags(), env);
            ResolvedConfig config = setup.config();
            if (config.isSet(Catalog.ID) && args.positionals().size() > 1) {
                throw new ConfigException("--id names one profile; push one file at a time with it");
            }
            for (String name : args.positionals()) {
                Path file = Path.of(name);
                profiles.put(file, profile(file, config, setup.labels()));
            }
        } catch (ConfigException | IOException | InvalidPprofException e) {
            err.println("push: " + e.getMessage());
            return 2;
        }

        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        PushObserver observer = new PushObserver() {
            @Override
            public void delivered(OutgoingProfile profile, boolean duplicate, int seriesProfiles) {
                outcomes.put(profile.id(), new Outcome(true, (duplicate ? "already stored" : "stored") + " as " + seriesProfiles + " series profiles"));
            }

            @Override
            public void dropped(OutgoingProfile profile, DropReason reason, String detail) {
                outcomes.put(profile.id(), new Outcome(false, reason == DropReason.REJECTED ? "rejected by the server: " + detail
                        : "NOT stored (" + reason.name().toLowerCase(Locale.ROOT) + "): " + detail));
            }
        };
        GrpcPushClient client = GrpcPushClient.open(retries(setup), observer);
        profiles.values().forEach(client::submit);
        client.awaitIdle(Duration.ofMinutes(5));
        client.close();

        int failures = 0;
        for (Map.Entry<Path, OutgoingProfile> entry : profiles.entrySet()) {
            Outcome outcome = outcomes.getOrDefault(entry.getValue().id(), new Outcome(false, "NOT stored: no answer"));
            failures += outcome.stored() ? 0 : 1;
            out.println(entry.getKey() + ": " + outcome.text() + " (id " + entry.getValue().id() + ", server " + setup.push().server() + ")");
        }
        return failures == 0 ? 0 : 1;
    }

    /** @param stored the server has the profile (stored now or before) */
    private record Outcome(boolean stored, String text) {
    }

    private static PushConfig retries(CommonSetup setup) {
        ResolvedConfig config = setup.config();
        PushConfig push = setup.push();
        int attempts = config.value(Catalog.PUSH_MAX_ATTEMPTS).source() == Source.DEFAULT ? 4 : push.maxAttempts();
        Duration backoff = config.value(Catalog.PUSH_BACKOFF_MAX).source() == Source.DEFAULT ? Duration.ofSeconds(2) : push.backoffMax();
        return push.withRetries(attempts, backoff.compareTo(push.backoffInitial()) < 0 ? push.backoffInitial() : backoff);
    }

    private static OutgoingProfile profile(Path file, ResolvedConfig config, Map<String, String> labels)
            throws IOException, InvalidPprofException, ConfigException {
        byte[] bytes = Files.readAllBytes(file);
        PprofProto.Profile pprof;
        try {
            pprof = PprofCodec.decode(bytes);
        } catch (InvalidPprofException e) {
            throw new InvalidPprofException(file + ": " + e.getMessage());
        }
        long start = 0;
        long end = 0;
        if (config.bool(Catalog.NOW)) {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            end = modified.getEpochSecond() * 1_000_000_000L + modified.getNano();
            start = end - Math.max(0, pprof.getDurationNanos());
        }
        String name = config.string(Catalog.PROFILE_NAME).trim();
        String id = config.isSet(Catalog.ID) ? config.string(Catalog.ID).trim()
                : IdempotencyIds.forContent(bytes, labels, name, start, end);
        return new OutgoingProfile(id, name, labels, bytes, start, end);
    }
}
