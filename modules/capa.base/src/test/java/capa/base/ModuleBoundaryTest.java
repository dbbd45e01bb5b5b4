package capa.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** capa.base is for capa's own modules: a plugin can read it but never use it. */
class ModuleBoundaryTest {

    @Test
    void everyPackageIsExportedOnlyToCapasOwnModules() {
        ModuleDescriptor descriptor = PluginCoordinates.class.getModule().getDescriptor();
        assertEquals("capa.base", descriptor.name());
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports exports : descriptor.exports()) {
            exported.add(exports.source());
            assertTrue(exports.isQualified(), exports + " is exported to every module");
            assertTrue(exports.targets().stream().allMatch(t -> t.startsWith("capa.") && !t.equals("capa.api")),
                    exports + " reaches beyond capa's own modules");
        }
        assertEquals(Set.of("capa.base", "capa.base.io"), exported);
        assertTrue(descriptor.opens().isEmpty(), "nothing is opened for reflection");
    }
}
