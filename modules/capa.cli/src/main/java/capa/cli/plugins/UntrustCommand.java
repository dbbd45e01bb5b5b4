package capa.cli.plugins;

import capa.base.PluginId;
import capa.cli.Arg;
import capa.cli.CapaException;
import capa.cli.CommandSpecs;
import capa.cli.PluginSources;
import capa.plugins.lock.LockLocation;
import capa.plugins.lock.LockState;
import capa.plugins.lock.Lockfile;
import capa.plugins.lock.LockfileReader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code capa plugins untrust}: removes an entry from {@code plugins.lock} and journals a
 * revoke line with the removed version and hash, through the same transaction as
 * {@code trust}. Needs no discovery: the plugin need not be installed.
 */
public final class UntrustCommand implements Callable<Integer> {

    private CommandSpec spec;
    private Arg<String> pluginId;
    private Arg<String> pluginsLock;
    private Arg<String> reason;

    private UntrustCommand() {
    }

    public static CommandSpec spec() {
        UntrustCommand command = new UntrustCommand();
        CommandSpec spec = CommandSpecs.subcommand(command, "untrust",
                "capa plugins untrust [OPTIONS] PLUGIN_ID",
                "Remove a plugin from ``plugins.lock`` and journal the revocation.");
        CommandSpecs.footer(spec,
                "Removes the plugin's [[plugins]] block (every other byte of the lock stays) and",
                "appends a revoke line with the removed version and hash to plugins.lock.journal.",
                "Never runs plugin code. Exit 0: removed and journaled; 2: refused (bad --reason,",
                "an id not in the lock, no or unreadable lock).");
        command.pluginId = CommandSpecs.add(spec, CommandSpecs.parameter("PLUGIN_ID", String.class,
                "Plugin id to remove from plugins.lock").required(true).build());
        command.pluginsLock = CommandSpecs.add(spec, PluginSources.lockOption());
        command.reason = CommandSpecs.add(spec, CommandSpecs.option("--reason", "TEXT", String.class,
                "Audit text recorded alongside the revocation. Required.").required(true).order(20).build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        String reason = this.reason.value();
        LockWrites.checkReason(reason);
        LockLocation location = PluginSources.lockLocation(pluginsLock.value(), System.getenv());
        Lockfile lockfile = switch (LockfileReader.read(location)) {
            case LockState.Loaded loaded -> loaded.lockfile();
            case LockState.Absent absent -> throw CapaException.refused("no plugins.lock at "
                    + PluginSources.lookedAt(absent)
                    + "; there is nothing to untrust. Pass --plugins-lock PATH if it is elsewhere");
            case LockState.Unusable unusable -> throw LockWrites.unusable(unusable);
        };
        PluginId id = lockedId(pluginId.value(), lockfile, location);
        LockWrites.report(spec.commandLine().getOut(), "untrusted",
                LockWrites.write(location, transaction -> transaction.revoke(id, reason)));
        return 0;
    }

    /** The id, when the lock has an entry for it; otherwise a refusal listing the locked ids. */
    private static PluginId lockedId(String text, Lockfile lockfile, LockLocation location) {
        String locked = lockfile.entries().stream().map(e -> e.id().value()).collect(Collectors.joining(", "));
        String available = "; locked ids: " + (locked.isEmpty() ? "(none)" : locked);
        PluginId id;
        try {
            id = PluginId.parse(text);
        } catch (IllegalArgumentException e) {
            throw CapaException.refused(e.getMessage() + available);
        }
        if (lockfile.entry(id).isEmpty()) {
            throw CapaException.refused("'" + id + "' is not in " + location.path() + available);
        }
        return id;
    }
}
