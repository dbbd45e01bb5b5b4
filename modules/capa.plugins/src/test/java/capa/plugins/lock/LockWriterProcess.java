package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A separate JVM that writes {@code plugins.lock} through {@link LockfileTransaction}, for the
 * concurrency and crash tests: {@code once LOCK ID} trusts one entry; {@code loop LOCK ID FIRST}
 * trusts the entry again and again with versions FIRST, FIRST+1, ..., printing each version
 * once it is written, until it is killed.
 */
public final class LockWriterProcess {

    private LockWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[1]);
        LockfileTransaction transaction = new LockfileTransaction(
                new LockLocation(lock, true, List.of(lock)), Clock.systemUTC());
        PluginId id = new PluginId(args[2]);
        switch (args[0]) {
            case "once" -> transaction.trust(entry(id, 1), "concurrent writer " + id);
            case "loop" -> {
                for (int version = Integer.parseInt(args[3]); ; version++) {
                    transaction.trust(entry(id, version), "crash loop");
                    System.out.println(version);
                    System.out.flush();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static PluginCoordinates entry(PluginId id, int version) {
        return new PluginCoordinates(id, "capa.test", Integer.toString(version), "capa.test/capa.test.P",
                DistributionHash.parse("sha256:" + String.format("%064x", version)));
    }

    /** The command that runs this class in a fresh JVM with the test's own classes. */
    static List<String> command(String... args) {
        String classPath = String.join(java.io.File.pathSeparator,
                Path.of("target", "test-classes").toAbsolutePath().toString(),
                System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        List<String> command = new java.util.ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath,
                LockWriterProcess.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
