package capa.plugins;

import capa.plugins.gate.GateDecision;
import java.util.List;
import java.util.Objects;

/**
 * A procedure or file that capa will not load: which, what kind of refusal, and why.
 *
 * @param subject the procedure id when known, else the JAR's file name, the bundle directory's
 *     name (with {@code /<JAR file name>} when one of its JARs is at fault), or the plugin
 *     directory's path
 * @param kind the kind of refusal, for programs ({@code --json}'s {@code kind}) and for code
 *     that must tell refusals apart: never decided from the text
 * @param detail one line, what {@code plugins list} prints after the kind (or alone, for the
 *     kinds whose label it does not print)
 */
public record Rejection(String subject, Kind kind, String detail) {

    /** The kinds of refusal. {@link #label()} is the word operators and {@code --json} see. */
    public enum Kind {
        /** Not a JAR capa can read: its ZIP structure or manifest is broken, or it is too large. */
        INVALID_JAR("invalid_jar", false),
        /** A readable JAR that is no module: a name, version, descriptor or package layout the JDK refuses. */
        INVALID_MODULE("invalid_module", false),
        /** A readable module that declares no procedure. */
        NOT_A_PLUGIN("not_a_plugin", false),
        /** The file cannot be read at all: permissions, a broken symbolic link, an I/O error. */
        UNREADABLE("unreadable", false),
        /** A plugin directory that does not exist, is no directory or cannot be listed. */
        PLUGIN_DIRECTORY("plugin_directory", false),
        /**
         * A bundle directory whose JARs cannot form one plugin layer: no JAR, a JAR name its
         * digest cannot be checked with, two JARs of one module, a package in two JARs, or a
         * library that would replace a module of the Java platform or of capa.
         */
        INVALID_BUNDLE("invalid_bundle", false),
        /** The module's {@code requires} cannot be satisfied in its layer. */
        MODULE_NOT_RESOLVED("module_not_resolved", false),
        /** The procedure breaks capa.api's contract (checked from class files and types, no code run). */
        CONTRACT_CHECK_FAILED("contract_check_failed", true),
        /** Two JARs, or a JAR and a builtin, claim the id. */
        DUPLICATE_ID("duplicate_id", true),
        /** The id lies under the builtins' prefix. */
        RESERVED_ID("reserved_id", true),
        /** Production: no lock entry for the id. */
        MISSING_FROM_LOCK("MISSING_FROM_LOCK", false),
        /** Production: the JAR's SHA-256 is not the lock entry's. */
        HASH_MISMATCH("HASH_MISMATCH", false),
        /** Production: the version is not the lock entry's. */
        VERSION_MISMATCH("VERSION_MISMATCH", false),
        /** Production: the entry point is not the lock entry's. */
        ENTRY_POINT_MISMATCH("ENTRY_POINT_MISMATCH", false),
        /** Production: the providing module is not the lock entry's {@code package}. */
        PACKAGE_MISMATCH("PACKAGE_MISMATCH", false),
        /** Production without a usable lock: nothing is trusted. */
        NO_USABLE_LOCK("NO_USABLE_LOCK", false);

        private final String label;
        private final boolean labelled;

        Kind(String label, boolean labelled) {
            this.label = label;
            this.labelled = labelled;
        }

        /** The kind as operators read it and as {@code --json} writes it. */
        public String label() {
            return label;
        }

        /** Whether production's gate made this refusal: the lock does not trust the JAR. */
        public boolean isGate() {
            return switch (this) {
                case MISSING_FROM_LOCK, HASH_MISMATCH, VERSION_MISMATCH, ENTRY_POINT_MISMATCH, PACKAGE_MISMATCH,
                     NO_USABLE_LOCK -> true;
                default -> false;
            };
        }

        static Kind of(GateDecision.Kind gate) {
            return switch (gate) {
                case MISSING_FROM_LOCK -> MISSING_FROM_LOCK;
                case HASH_MISMATCH -> HASH_MISMATCH;
                case VERSION_MISMATCH -> VERSION_MISMATCH;
                case ENTRY_POINT_MISMATCH -> ENTRY_POINT_MISMATCH;
                case PACKAGE_MISMATCH -> PACKAGE_MISMATCH;
                case NO_USABLE_LOCK -> NO_USABLE_LOCK;
            };
        }
    }

    public Rejection {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static Rejection contract(String subject, String what) {
        return new Rejection(subject, Kind.CONTRACT_CHECK_FAILED, what);
    }

    /**
     * A gating refusal. Its kind is the first of {@code kinds}, in the order the design lists
     * them; its detail names them all ({@code HASH_MISMATCH, VERSION_MISMATCH}).
     */
    static Rejection untrusted(String subject, List<GateDecision.Kind> kinds) {
        return new Rejection(subject, Kind.of(kinds.get(0)),
                String.join(", ", kinds.stream().map(GateDecision.Kind::name).toList()));
    }

    /** What follows the subject: {@code contract_check_failed: missing async run()}, {@code MISSING_FROM_LOCK}. */
    public String reason() {
        return kind.labelled ? kind.label + ": " + detail : detail;
    }

    /** {@code <subject>: <reason>}, as {@code plugins list} prints it. */
    public String line() {
        return subject + ": " + reason();
    }
}
