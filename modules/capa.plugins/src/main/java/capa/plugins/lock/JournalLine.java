package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.plugins.jar.JarText;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of {@code plugins.lock.journal}, the append-only record of trust changes:
 * {@code <timestamp>\t<action>\t<id>\t<version>\t<hash>\t<reason>}.
 *
 * <p>The timestamp has seconds and an explicit offset, as {@code date -Iseconds} writes it
 * ({@code 2026-11-24T10:15:30+00:00}), so lines from different rigs order correctly. A revoke
 * line may carry {@code -} for version and hash, as the hand-written revoke line on the
 * reference page does. The reason is one line of text that reads as it was typed: a blank
 * reason, or one holding a tab, a line break, a control, bidirectional or invisible character,
 * is refused (see {@link ReasonText}), here and when the journal is read back.
 *
 * @param timestamp when the change was made, to the second
 * @param action {@link Action#TRUST} or {@link Action#REVOKE}
 * @param id the procedure id
 * @param version the trusted version, or {@code -} on a revoke line
 * @param hash the full distribution hash, or {@code -} on a revoke line
 * @param reason why, in the operator's words
 */
public record JournalLine(OffsetDateTime timestamp, Action action, PluginId id, String version,
                          String hash, String reason) {

    /** The recorded timestamp form: seconds and an offset such as {@code +00:00}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    /** Stands for version or hash on a revoke line. */
    public static final String NONE = "-";

    /** What a line records. */
    public enum Action {
        TRUST, REVOKE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action parse(String text) {
            return switch (text) {
                case "trust" -> TRUST;
                case "revoke" -> REVOKE;
                default -> throw new IllegalArgumentException("unknown action '" + text
                        + "': expected trust or revoke");
            };
        }
    }

    public JournalLine {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(id, "id");
        timestamp = timestamp.truncatedTo(ChronoUnit.SECONDS);
        requireField("version", version, action);
        requireField("hash", hash, action);
        if (!NONE.equals(hash)) {
            hash = DistributionHash.parse(hash).toString();
        }
        checkReason(reason);
    }

    /** A trust line for {@code entry}, stamped now in UTC. */
    public static JournalLine trust(PluginCoordinates entry, String reason, Clock clock) {
        return new JournalLine(now(clock), Action.TRUST, entry.id(), entry.version(),
                entry.hash().toString(), reason);
    }

    /**
     * A revoke line for {@code entry}, stamped now in UTC. A version that no journal line may
     * hold (a hand edit put it in the lock) is recorded as {@code -}: revoking is never
     * blocked by the values the entry holds.
     */
    public static JournalLine revoke(PluginCoordinates entry, String reason, Clock clock) {
        String version = LockValue.problem(entry.version()).isEmpty() ? entry.version() : NONE;
        return new JournalLine(now(clock), Action.REVOKE, entry.id(), version,
                entry.hash().toString(), reason);
    }

    /**
     * Refuses a reason that is blank (judged after removing invisible characters) or holds a
     * tab, line break, control, bidirectional control or invisible character, with a message
     * that says which, where, and what to do (see {@link ReasonText}).
     */
    public static void checkReason(String reason) {
        ReasonText.check(reason);
    }

    /** Parses one line (without its line break), refusing anything {@link #format()} would not write. */
    public static JournalLine parse(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 6) {
            throw new IllegalArgumentException("expected 6 tab-separated fields"
                    + " (timestamp, action, id, version, hash, reason), found " + fields.length);
        }
        OffsetDateTime timestamp;
        try {
            timestamp = OffsetDateTime.parse(fields[0], DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '" + fields[0] + "' is not like"
                    + " 2026-11-24T10:15:30+00:00 (date -Iseconds)");
        }
        return new JournalLine(timestamp, Action.parse(fields[1]), PluginId.parse(fields[2]),
                fields[3], fields[4], fields[5]);
    }

    /** The line as written, without a line break. */
    public String format() {
        return String.join("\t", TIMESTAMP.format(timestamp), action.label(), id.value(), version,
                hash, reason);
    }

    private static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static void requireField(String name, String value, Action action) {
        Objects.requireNonNull(value, name);
        if (NONE.equals(value)) {
            if (action == Action.TRUST) {
                throw new IllegalArgumentException("a trust line needs a " + name + ", not '-'");
            }
            return;
        }
        LockValue.problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException(name + " '" + JarText.printable(value, 120) + "' " + problem);
        });
    }
}
