package capa.plugins.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of mutants of real JARs (bytes flipped, fields set to edge values, bytes cut,
 * inserted or removed, mostly in the end records, the central directory, local headers and
 * extra fields). For each: capa reads it, every entry included, or refuses it with a {@link
 * JarFormatException} or an {@code IOException}: no other exception, no error, no hang. Where
 * {@code java.util.zip.ZipFile} reads every entry of a mutant, capa reads the same names and
 * bytes, or refuses by one of the rules where it is deliberately stricter (docs/zip.md).
 *
 * <p>The seed is printed; {@code -Dcapa.fuzz.seed=N} replays a run.
 */
class ZipFuzzTest {

    private static final int MUTANTS_PER_BASE = 500;

    /** capa's refusals of what the JDK reads, each a documented rule (docs/zip.md, "Stricter than the JDK"). */
    private static final List<Pattern> STRICTER = List.of(
            Pattern.compile("corrupt: CRC mismatch in .*"),
            Pattern.compile("corrupt: '.*' inflates to .*"),
            Pattern.compile("corrupt: stored entry '.*' has two sizes"),
            Pattern.compile("truncated: data of '.*' runs past the end of its part of the archive"),
            Pattern.compile("truncated or corrupt: '.*' declares \\d+ compressed bytes,"
                    + " more than the archive holds there"),
            Pattern.compile("truncated or corrupt: no local header for '.*'"),
            Pattern.compile("unsafe entry name '.*'"),
            Pattern.compile("duplicate entry '.*'"),
            Pattern.compile("entry '.*' declares \\d+ bytes from \\d+ compressed: a zip bomb's ratio .*"),
            Pattern.compile("entry '.*' is too large \\(\\d+ bytes declared\\)"),
            Pattern.compile("\\d+ bytes follow the end of central directory record: .*"),
            Pattern.compile("corrupt: '.*' defers its sizes or offset to a ZIP64 extra field it does not have"));

    @TempDir
    Path dir;

    /** Real JARs: the JDK's own writer, and capa's test writer in the layouts it can make. */
    private static List<byte[]> bases() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\r\nAutomatic-Module-Name: lab.probe\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            ZipEntry extra = new ZipEntry("lab/Probe.class");
            extra.setExtra(new byte[] {(byte) 0xCA, (byte) 0xFE, 4, 0, 1, 2, 3, 4});
            zip.putNextEntry(extra);
            zip.write(("class bytes " + "x".repeat(300)).getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("META-INF/services/capa.api.Procedure"));
            zip.write("lab.Probe\n".getBytes(StandardCharsets.UTF_8));
            zip.setComment("made by ZipOutputStream");
        }
        ZipWriter writer = new ZipWriter()
                .add("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8), true)
                .add("lab/", new byte[0], false)
                .add("lab/Probe.class", ("class bytes ".repeat(40)).getBytes(StandardCharsets.UTF_8), true)
                .add("lab/table.bin", ZipWriter.random(300, 2), false);
        byte[] script = "#!/bin/sh\nexec java -jar \"$0\"\n".getBytes(StandardCharsets.UTF_8);
        return List.of(out.toByteArray(),
                writer.write(ZipWriter.Layout.plain().withDescriptors()),
                writer.write(ZipWriter.Layout.plain().withPrefix(script, false).withComment("c")),
                writer.write(ZipWriter.Layout.plain().withZip64(true, true)),
                new ZipWriter().add("lab/big.bin", ZipWriter.random(80_000, 3), false)
                        .add("lab/Big.class", ("big class ".repeat(100)).getBytes(StandardCharsets.UTF_8), true)
                        .write(ZipWriter.Layout.plain().withPrefix(script, true)));
    }

    @Test
    void mutantsAreReadAsTheJdkReadsThemOrRefusedByAStatedRule() throws Exception {
        long seed = Long.getLong("capa.fuzz.seed", System.nanoTime());
        System.out.println("ZipFuzzTest seed " + seed + " (replay: -Dcapa.fuzz.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        int[] outcomes = new int[4];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            int mutantIndex = 0;
            for (byte[] base : bases()) {
                assertEquals(null, outcome(write(base, "base.jar")).problem(), "the unmutated JAR reads");
                for (int i = 0; i < MUTANTS_PER_BASE; i++, mutantIndex++) {
                    String[] how = new String[1];
                    byte[] mutant = mutate(base, random, how);
                    Outcome outcome = outcome(write(mutant, "mutant.jar"));
                    outcomes[outcome.kind()]++;
                    if (outcome.problem() != null && failures.size() < 20) {
                        failures.add("mutant " + mutantIndex + " (" + how[0] + "): " + outcome.problem());
                    }
                }
            }
        });
        System.out.println("ZipFuzzTest same as the JDK / refused by the JDK / capa stricter by a rule: "
                + Arrays.toString(Arrays.copyOf(outcomes, 3)));
        assertEquals(List.of(), failures, "seed " + seed);
        // Not vacuous: both sides of the comparison occur.
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100 && outcomes[2] > 100,
                "same as the JDK / refused by both / capa stricter by a rule: " + Arrays.toString(outcomes));
    }

    private Path write(byte[] bytes, String name) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /**
     * How capa and the JDK compare on one file. Kinds: 0 both read the same, 1 the JDK
     * refuses (capa may read or refuse), 2 capa refuses by a stated rule what the JDK reads,
     * 3 a problem.
     */
    private record Outcome(int kind, String problem) {
    }

    private static Outcome outcome(Path file) {
        Map<String, byte[]> capa = new LinkedHashMap<>();
        String refusal = null;
        try {
            InMemoryJar jar = HashedJar.read(file, Retention.EVERYTHING).jar();
            for (String name : jar.names()) {
                capa.put(name, jar.read(name).orElseThrow());
            }
        } catch (JarFormatException e) {
            refusal = e.getMessage();
        } catch (IOException e) {
            refusal = "IOException: " + e.getMessage();
        } catch (Throwable e) {
            return new Outcome(3, "capa threw " + e);
        }
        if (refusal != null && (refusal.isEmpty() || refusal.contains("\n"))) {
            return new Outcome(3, "not a one-line refusal: " + refusal);
        }
        Map<String, byte[]> jdk;
        try {
            jdk = ZipLayoutsTest.readWithJdk(file);
        } catch (Exception | Error e) {
            return new Outcome(1, null);
        }
        if (refusal == null) {
            if (!capa.keySet().equals(jdk.keySet())) {
                return new Outcome(3, "names differ: capa " + capa.keySet() + ", JDK " + jdk.keySet());
            }
            for (String name : jdk.keySet()) {
                if (!Arrays.equals(capa.get(name), jdk.get(name))) {
                    return new Outcome(3, "bytes of '" + name + "' differ");
                }
            }
            return new Outcome(0, null);
        }
        String reason = refusal;
        return STRICTER.stream().anyMatch(p -> p.matcher(reason).matches())
                ? new Outcome(2, null)
                : new Outcome(3, "the JDK reads it, capa refuses: " + refusal);
    }

    /** One mutation of {@code base}, aimed mostly at the ZIP's structures; {@code how[0]} says which. */
    private static byte[] mutate(byte[] base, SplittableRandom random, String[] how) {
        int at = target(base, random);
        int kind = random.nextInt(10);
        byte[] out;
        if (kind < 4) {
            out = base.clone();
            int width = 1 << random.nextInt(3);
            long value = switch (random.nextInt(6)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> random.nextLong();
                case 3 -> littleEndian(base, at, width) + 1;
                case 4 -> littleEndian(base, at, width) - 1;
                default -> littleEndian(base, at, width) + random.nextInt(-70_000, 70_000);
            };
            for (int i = 0; i < width && at + i < out.length; i++) {
                out[at + i] = (byte) (value >>> (8 * i));
            }
            how[0] = "set " + width + " bytes at " + at + " to " + value;
        } else if (kind < 6) {
            out = base.clone();
            int bit = random.nextInt(8);
            out[at] ^= (byte) (1 << bit);
            how[0] = "flip bit " + bit + " at " + at;
        } else if (kind < 7) {
            out = Arrays.copyOf(base, at);
            how[0] = "cut at " + at;
        } else if (kind < 9) {
            int n = 1 + random.nextInt(8);
            out = new byte[base.length + n];
            System.arraycopy(base, 0, out, 0, at);
            for (int i = 0; i < n; i++) {
                out[at + i] = (byte) random.nextInt(256);
            }
            System.arraycopy(base, at, out, at + n, base.length - at);
            how[0] = "insert " + n + " bytes at " + at;
        } else {
            int n = Math.min(1 + random.nextInt(8), base.length - at);
            out = new byte[base.length - n];
            System.arraycopy(base, 0, out, 0, at);
            System.arraycopy(base, at + n, out, at, base.length - at - n);
            how[0] = "remove " + n + " bytes at " + at;
        }
        return out;
    }

    /** A position: in the end records, the central directory or a local header, now and then anywhere. */
    private static int target(byte[] base, SplittableRandom random) {
        int end = base.length - 22;
        while (end > 0 && ZipDirectory.u32(base, end) != 0x06054b50) {
            end--;
        }
        int structures = random.nextInt(10);
        if (structures < 3) {
            // The end record, its comment, and where ZIP64 end records lie before it.
            int from = Math.max(0, end - 76);
            return from + random.nextInt(base.length - from);
        }
        List<Integer> headers = new ArrayList<>();
        for (int i = 0; i + 4 <= base.length; i++) {
            long signature = ZipDirectory.u32(base, i);
            if (structures < 7 ? signature == 0x02014b50 : signature == ZipDirectory.LOC_SIGNATURE) {
                headers.add(i);
            }
        }
        if (structures < 9 && !headers.isEmpty()) {
            int header = headers.get(random.nextInt(headers.size()));
            // The fixed fields, the name and the start of the extra field.
            return Math.min(base.length - 1, header + random.nextInt(structures < 7 ? 46 + 24 : 30 + 24));
        }
        return random.nextInt(base.length);
    }

    private static long littleEndian(byte[] bytes, int at, int width) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | (at + i < bytes.length ? bytes[at + i] & 0xFF : 0);
        }
        return value;
    }
}
