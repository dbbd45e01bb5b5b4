package capa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on {@code list}, {@code verify} and {@code check}: read by Python's parser and
 * compared, fact by fact, with the text output of the same command.
 */
class JsonOutputTest {

    /** Each loaded row as the text table prints it with whole hashes: id, package, version, hash. */
    static final String ROWS = "[' '.join([p['id'], p['package'], p['version'], p['distribution_hash']]) for p in d['loaded']]";

    @TempDir
    Path dir;

    /** The text table's rows, whitespace collapsed. */
    static List<String> tableRows(List<String> lines) {
        int header = lines.indexOf(PluginsListTest.HEADER);
        List<String> rows = new ArrayList<>();
        for (int i = header + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            rows.add(String.join(" ", lines.get(i).split(" +")));
        }
        return rows;
    }

    /** The indented lines of a text section, without their indent. */
    static List<String> section(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        List<String> section = new ArrayList<>();
        for (int i = start + 1; start >= 0 && i < lines.size() && lines.get(i).startsWith("  "); i++) {
            section.add(lines.get(i).substring(2));
        }
        return section;
    }

    @Test
    void listJsonHasTheSameFactsAsTheText() throws IOException {
        Rig rig = new Rig(dir);
        Files.copy(PluginsCheckTest.example("lab-wash-0.9.2.jar"), rig.modules.resolve("lab-wash-0.9.2.jar"));
        rig.trust(Rig.HOLD);
        Files.writeString(rig.lock(), Files.readString(rig.lock()).replace("version = \"0.3.1\"", "version = \"0.3.0\""));
        List<String> text = rig.capa("plugins", "list", "--full-hash").outLines();
        Capa.Result json = rig.capa("plugins", "list", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        String out = json.out();
        assertEquals(List.of("schema", "command", "mode", "lock", "loaded", "rejected", "drift"),
                IndependentJson.eval(out, "list(d.keys())"));
        assertEquals(List.of("1", "plugins list", "dev", "loaded", rig.lock().toRealPath().toString()),
                IndependentJson.eval(out, "[d['schema'], d['command'], d['mode'], d['lock']['state'], d['lock']['path']]"));
        assertEquals(tableRows(text), IndependentJson.eval(out, ROWS));
        assertEquals(section(text, "Rejected:"), IndependentJson.eval(out, "[r['line'] for r in d['rejected']]"));
        assertEquals(section(text, "Drift vs plugins.lock:"), IndependentJson.eval(out, "[x['line'] for x in d['drift']]"));
        assertEquals(List.of("capa.contrib.hold_setpoint version 0.3.0 0.3.1"), IndependentJson.eval(out,
                "[' '.join([x['id'], x['field'], x['expected'], x['actual']]) for x in d['drift']]"));
    }

    @Test
    void everyRejectionInJsonCarriesItsKind() throws IOException {
        Rig rig = new Rig(dir);
        Files.copy(PluginsCheckTest.example("lab-wash-0.9.2.jar"), rig.modules.resolve("lab-wash-0.9.2.jar"));
        Files.writeString(rig.modules.resolve("notes.jar"), "not a zip");
        Files.copy(rig.modules.resolve(Rig.RAMP_JAR), rig.modules.resolve("lab-ramp-copy-1.2.0.jar"));
        rig.trust(Rig.HOLD);
        String kinds = "sorted(r['subject'] + ' ' + r['kind'] for r in d['rejected'])";
        Capa.Result dev = rig.capa("plugins", "list", "--json");
        assertEquals(List.of("lab.ramp.thermal_ramp duplicate_id", "lab.ramp.thermal_ramp duplicate_id",
                "lab.wash.plate_wash contract_check_failed", "notes.jar invalid_jar"),
                IndependentJson.eval(dev.out(), kinds), dev::toString);
        Files.delete(rig.modules.resolve("lab-ramp-copy-1.2.0.jar"));
        Files.writeString(rig.lock(), Files.readString(rig.lock()).replace("version = \"0.3.1\"", "version = \"0.3.0\""));
        Capa.Result production = rig.capa("plugins", "list", "--json", "--plugin-mode", "production");
        assertEquals(List.of("capa.contrib.hold_setpoint VERSION_MISMATCH", "lab.ramp.thermal_ramp MISSING_FROM_LOCK",
                "lab.wash.plate_wash MISSING_FROM_LOCK", "notes.jar invalid_jar"),
                IndependentJson.eval(production.out(), kinds), production::toString);
    }

    @Test
    void verifyJsonListsEveryFindingOfTheTextAndTheVerdict() throws IOException {
        Rig rig = new Rig(dir);
        rig.trust(Rig.HOLD);
        Files.writeString(rig.journal(), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
        Capa.Result textResult = rig.capa("plugins", "verify");
        Capa.Result json = rig.capa("plugins", "verify", "--json");
        assertEquals(1, json.exitCode(), json::toString);
        assertEquals(textResult.exitCode(), json.exitCode());
        List<String> text = textResult.outLines();
        String out = json.out();
        List<String> findings = new ArrayList<>(section(text, "Rejected:"));
        findings.addAll(section(text, "Journal vs plugins.lock:"));
        assertEquals(findings, IndependentJson.eval(out, "d['findings']"));
        assertEquals(List.of("False", "production", "2", "2"), IndependentJson.eval(out,
                "[d['passed'], d['mode'], d['journal']['lines'], d['audit'][0]['journal_line']]"));
        assertEquals(List.of("malformed_line"), IndependentJson.eval(out, "[a['kind'] for a in d['audit']]"));
        assertEquals(List.of("lab.ramp.thermal_ramp: MISSING_FROM_LOCK"),
                IndependentJson.eval(out, "[r['line'] for r in d['rejected']]"));
    }

    @Test
    void verifyJsonOnAPassingRigSaysPassed() {
        Rig rig = new Rig(dir).trustAll();
        Capa.Result json = rig.capa("plugins", "verify", "--json");
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of("True", "0"), IndependentJson.eval(json.out(), "[d['passed'], len(d['findings'])]"));
        assertEquals(tableRows(rig.capa("plugins", "list", "--full-hash", "--plugin-mode", "production").outLines()),
                IndependentJson.eval(json.out(), ROWS));
    }

    @Test
    void checkJsonHasTheSameFactsAsTheText() {
        String good = PluginsCheckTest.example("capa-contrib-0.3.1.jar").toString();
        String bad = PluginsCheckTest.example("lab-wash-0.9.2.jar").toString();
        List<String> text = Capa.capa("plugins", "check", good, bad).in(dir).run().outLines();
        Capa.Result json = Capa.capa("plugins", "check", good, bad, "--json").in(dir).run();
        assertEquals(1, json.exitCode(), json::toString);
        String out = json.out();
        assertEquals(tableRows(text), IndependentJson.eval(out, ROWS));
        assertEquals(section(text, "Rejected:"), IndependentJson.eval(out, "[r['line'] for r in d['rejected']]"));
        assertEquals(List.of("1", "plugins check", "False", "1.0.0", good, bad), IndependentJson.eval(out,
                "[d['schema'], d['command'], d['passed'], d['capa_api']] + d['jars']"));
    }
}
