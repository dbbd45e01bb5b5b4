package capa.plugins.metadata;

import java.lang.module.ModuleDescriptor;
import java.util.Optional;

/**
 * A JAR's module as the JDK's {@link java.lang.module.ModuleFinder#of} derives it, with where
 * its name and version came from, so that a value refused later can be blamed on its source.
 *
 * @param descriptor the descriptor, equal to the JDK's for the same file
 * @param nameSource where the module name came from
 * @param versionSource where the descriptor's version came from, empty when it has none
 */
public record JarModule(ModuleDescriptor descriptor, Source nameSource, Optional<Source> versionSource) {

    /**
     * Where a value came from, and what an operator changes to fix it.
     *
     * @param what as a message names it, such as {@code the file name}
     * @param fix what to change, such as {@code rename the file}
     */
    public record Source(String what, String fix) {

        static final Source FILE_NAME = new Source("the file name", "rename the file");
        static final Source AUTOMATIC_MODULE_NAME = new Source("Automatic-Module-Name in "
                + VersionedJar.MANIFEST, "fix Automatic-Module-Name in the manifest");
        static final Source IMPLEMENTATION_VERSION = new Source("Implementation-Version in "
                + VersionedJar.MANIFEST, "fix Implementation-Version in the manifest, or put the version"
                + " in the file name");

        static Source moduleInfo(String entry) {
            return new Source(entry, "rebuild the module");
        }
    }
}
