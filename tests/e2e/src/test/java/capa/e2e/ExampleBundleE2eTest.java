package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import capa.testkit.BundleDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example bundle the image ships (examples/lab-fit as modules/lab-fit/: the plugin with
 * Commons Math, Commons CSV and the libraries Commons CSV needs, from Maven Central) works as
 * its README says: listed with the digest the documented sha256sum pipeline prints, checked as
 * a directory, trusted and run in production, its fit written as CSV.
 */
class ExampleBundleE2eTest {

    private static final String ID = "lab.fit.setpoint_fit";

    @TempDir
    Path dir;

    private static Path bundle() {
        return Capa.image().resolve("modules/lab-fit");
    }

    private Map<String, String> env(String mode) {
        return Map.of("CAPA_PLUGIN_MODE", mode, "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    }

    @Test
    void theImageListsTheExampleBundleWithTheDigestSha256sumPrints() throws Exception {
        Capa.Result list = Capa.capa("plugins", "list", "--full-hash").in(dir).env(env("dev")).run();
        assertEquals(0, list.exitCode(), list::toString);
        List<String> row = List.of(ID, "lab.fit", "1.0.0", BundleDigests.sha256sumPipeline(bundle()));
        assertTrue(list.outLines().stream().anyMatch(l -> List.of(l.split(" +")).equals(row)), list::toString);
    }

    @Test
    void checkPassesOnTheBundleDirectoryAsTheReadmeShows() throws Exception {
        Capa.Result check = Capa.capa("plugins", "check", bundle().toString()).in(dir).run();
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.out().contains("check: passed — 1 procedure would load"), check::toString);
    }

    @Test
    void trustedInProductionItFitsTheSetpointsAndWritesTheCsv() throws Exception {
        Capa.Result trust = Capa.capa("plugins", "trust", ID, "--reason", "example bundle").in(dir)
                .env(env("dev")).run();
        assertEquals(0, trust.exitCode(), trust::toString);
        Path runFile = Path.of(System.getProperty("capa.examples", "../../examples")).resolve("runs/setpoint-fit.toml");
        Capa.Result run = Capa.capa("run", runFile.toString()).in(dir).env(env("production")).run();
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("fit of degree 1 over 5 setpoints: coefficients 0.765502, 0.977946"),
                run::toString);
        Manifest top = Manifest.topLevel(dir.resolve("runs"));
        String fitted = Files.readString(top.directory().resolve("outputs/setpoint-fit.csv"));
        assertAll(
                () -> assertEquals("production", top.get("plugin_mode")),
                () -> assertEquals(BundleDigests.sha256sumPipeline(bundle()), top.get("plugins.procedure.hash")),
                () -> assertEquals("lab.fit/lab.fit.SetpointFit", top.get("plugins.procedure.entry_point")),
                () -> assertEquals(6, fitted.lines().count(), fitted),
                () -> assertTrue(fitted.lines().skip(1).allMatch(l -> l.split(",").length == 4), fitted));
    }
}
