package capa.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import capa.base.PluginId;
import capa.base.PluginMode;
import capa.plugins.lock.LockState;
import capa.testkit.ZipBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole examination, not one reader at a time: real plugin JARs (a named module and a
 * plain JAR) with one entry's content mutated (the module descriptor, the manifest, the
 * services file, the provider or its configuration class) or the archive's bytes mutated,
 * each discovered next to an honest plugin for inspection and for a run. Whatever the mutant
 * is, discovery returns a report: the honest plugin loads, and the mutant
 * either loads or is rejected on lines that name it. The seed is printed; pass
 * {@code -Dcapa.fuzz.seed=N} to replay a run.
 */
class DiscoveryFuzzTest {

    private static final int MUTANTS = 120;

    @TempDir
    static Path shared;

    private static Path good;
    private static final Map<String, Map<String, byte[]>> PLUGINS = new LinkedHashMap<>();

    @BeforeAll
    static void build() throws IOException {
        good = TestPlugins.named("lab.good", "lab.good", "Good", "lab.good.proc").writeTo(shared.resolve("good.jar"));
        PLUGINS.put("named", entries(TestPlugins.named("lab.fuzz", "lab.fuzz", "Fuzz", "lab.fuzz.proc")
                .manifestAttribute("Implementation-Version", "1.0")
                .writeTo(shared.resolve("named.jar"))));
        PLUGINS.put("plain", entries(TestPlugins.automatic("lab.plain", "Plain",
                        TestPlugins.procedure("lab.plain", "Plain", TestPlugins.info("lab.plain.proc"), ""))
                .writeTo(shared.resolve("lab-plain-1.0.jar"))));
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    /** Flips, overwrites, cuts or grows {@code bytes} at a few random places. */
    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        byte[] out = bytes.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(5)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> out = Arrays.copyOf(out, at);
                case 3 -> {
                    byte[] grown = new byte[out.length + 1 + random.nextInt(16)];
                    System.arraycopy(out, 0, grown, 0, at);
                    for (int j = at; j < at + grown.length - out.length; j++) {
                        grown[j] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(out, at, grown, at + grown.length - out.length, out.length - at);
                    out = grown;
                }
                default -> out[at] = (byte) (random.nextBoolean() ? 0 : 0xFF);
            }
        }
        return out;
    }

    @Test
    void everyMutantIsLoadedOrRejectedByNameAndHarmsNoOtherPlugin() throws IOException {
        long seed = Long.getLong("capa.fuzz.seed", System.nanoTime());
        System.out.println("DiscoveryFuzzTest seed: " + seed + " (replay with -Dcapa.fuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        Path dir = Files.createDirectories(shared.resolve("rig"));
        Files.copy(good, dir.resolve("good.jar"));
        Path mutantFile = dir.resolve("mutant-1.0.jar");
        List<String> plugins = new ArrayList<>(PLUGINS.keySet());
        for (int i = 0; i < MUTANTS; i++) {
            Map<String, byte[]> entries = new LinkedHashMap<>(PLUGINS.get(plugins.get(random.nextInt(plugins.size()))));
            byte[] mutant;
            String what;
            if (random.nextInt(4) == 0) {
                mutant = mutate(ZipBytes.of(entries), random);
                what = "archive bytes";
            } else {
                List<String> names = new ArrayList<>(entries.keySet());
                what = names.get(random.nextInt(names.size()));
                entries.put(what, mutate(entries.get(what), random));
                mutant = ZipBytes.of(entries);
            }
            Files.write(mutantFile, mutant);
            String context = "mutant " + i + " (" + what + "), seed " + seed;
            for (DiscoveryRequest.Use use : DiscoveryRequest.Use.values()) {
                PluginReport report;
                try {
                    report = PluginDiscovery.discover(new DiscoveryRequest(List.of(dir), PluginMode.DEV,
                            new LockState.Absent(List.of()), true, use));
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(context + ": discovery threw", e);
                }
                assertTrue(report.loaded(PluginId.parse("lab.good.proc")).isPresent(), context + ": " + report);
                for (Rejection rejection : report.rejected()) {
                    String line = rejection.line();
                    if (!line.contains("mutant-1.0.jar") && !PluginId.isWellFormed(rejection.subject())) {
                        fail(context + ": a rejection names neither the file nor an id: " + line);
                    }
                    assertEquals(1, line.lines().count(), context + ": " + line);
                }
            }
            RunPlugins run = RunPlugins.open(new DiscoveryRequest(List.of(dir), PluginMode.DEV,
                    new LockState.Absent(List.of()), true, DiscoveryRequest.Use.RUN));
            assertTrue(run.load(PluginId.parse("lab.good.proc")).isPresent(), context);
        }
    }
}
