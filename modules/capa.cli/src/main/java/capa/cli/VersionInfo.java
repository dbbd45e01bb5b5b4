package capa.cli;

import capa.api.Procedure;
import java.util.List;

/**
 * What {@code capa --version} prints: capa's version, the {@code capa.api} version plugins
 * must be compiled against, and the Java runtime, read from the module descriptors so they
 * cannot disagree with what was linked.
 */
public final class VersionInfo implements picocli.CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return lines().toArray(String[]::new);
    }

    static List<String> lines() {
        return List.of(
                "capa " + moduleVersion(VersionInfo.class.getModule()),
                "capa.api " + moduleVersion(Procedure.class.getModule()),
                "Java runtime " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }

    /** A module's version from its descriptor, or {@code unversioned}. */
    public static String moduleVersion(Module module) {
        var descriptor = module.getDescriptor();
        return descriptor == null ? "unversioned"
                : descriptor.rawVersion().orElse("unversioned");
    }
}
