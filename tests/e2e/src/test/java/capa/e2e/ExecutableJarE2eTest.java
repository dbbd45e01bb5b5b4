package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "really executable" plugin JAR, a shell script in front of the ZIP data (made as {@code cat
 * script.sh plugin.jar > plugin.jar} makes it, offsets not counting the script), lists and
 * checks as the plain JAR does, with the digest of the whole file.
 */
class ExecutableJarE2eTest {

    @TempDir
    Path dir;

    @Test
    void aPluginWithAScriptInFrontIsListedAndChecked() throws Exception {
        Rig rig = new Rig(dir);
        Path jar = rig.modules.resolve(Rig.RAMP_JAR);
        ByteArrayOutputStream executable = new ByteArrayOutputStream();
        executable.writeBytes("#!/bin/sh\nexec java -jar \"$0\" \"$@\"\n".getBytes(StandardCharsets.UTF_8));
        executable.writeBytes(Files.readAllBytes(jar));
        Files.write(jar, executable.toByteArray());

        Capa.Result list = rig.capa("plugins", "list", "--full-hash");
        assertEquals(0, list.exitCode(), list::toString);
        String digest = PluginsListTest.sha256(jar);
        assertTrue(list.outLines().stream().anyMatch(l -> l.startsWith(Rig.RAMP + " ") && l.endsWith("  " + digest)),
                list::toString);
        assertTrue(list.outLines().stream().noneMatch(l -> l.contains(Rig.RAMP_JAR)), list::toString);

        Capa.Result check = rig.bare("plugins", "check", jar.toString());
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.outLines().contains(
                (Rig.RAMP + " ".repeat(42 - Rig.RAMP.length()) + "lab.ramp" + " ".repeat(14) + "1.2.0"
                        + " ".repeat(7) + digest)), check::toString);
    }
}
