package capa.plugins.lock;

import capa.base.PluginCoordinates;
import capa.base.DistributionHash;
import capa.base.PluginId;
import capa.base.io.BoundedFile;
import capa.base.io.Utf8Text;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays {@code plugins.lock.journal} from its first line and compares the outcome with
 * {@code plugins.lock}. The lock agrees with its journal when, for every entry, the id's last
 * journal line is a trust line with the entry's version and hash, and every id whose last line
 * is a trust line has an entry. Lines are replayed in file order, not timestamp order: the
 * journal is append-only, and clocks on different rigs need not agree.
 *
 * <p>Findings, in this order: malformed lines (by line number), then per lock entry (in lock
 * order) an entry no line records, an entry last revoked, or a version or hash that differs
 * from the last trust line, then ids last trusted but missing from the lock.
 */
public final class JournalAudit {

    private JournalAudit() {
    }

    /** The last well-formed line for an id, and where it is. */
    private record Last(JournalLine line, int lineNumber) {
    }

    /**
     * The most of a journal that is audited: 32 MiB, some 150 000 lines, decades of trust
     * changes on one rig. A larger file is refused rather than read, so that it cannot exhaust
     * a small heap.
     */
    static final long MAX_BYTES = BoundedFile.JOURNAL_MAX_BYTES;

    /** Audits {@code lockfile} against the journal at {@code journal}; a missing journal has no lines. */
    public static AuditReport audit(Lockfile lockfile, Path journal) {
        byte[] bytes;
        try {
            bytes = BoundedFile.read(journal, MAX_BYTES, "a plugins.lock.journal");
        } catch (NoSuchFileException e) {
            return replay(lockfile, journal, false, List.of());
        } catch (IOException e) {
            return unreadable(journal, "cannot read the journal: " + BoundedFile.reason(e));
        }
        return replay(lockfile, journal, true, lines(bytes));
    }

    private static AuditReport unreadable(Path journal, String reason) {
        return new AuditReport(journal, true, 0, List.of(new AuditFinding.JournalUnreadable(journal, reason)),
                Map.of());
    }

    private static AuditReport replay(Lockfile lockfile, Path journal, boolean present, List<byte[]> lines) {
        List<AuditFinding> findings = new ArrayList<>();
        Map<PluginId, Last> last = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            try {
                JournalLine line = JournalLine.parse(decode(lines.get(i)));
                last.remove(line.id());
                last.put(line.id(), new Last(line, lineNumber));
            } catch (IllegalArgumentException e) {
                findings.add(new AuditFinding.MalformedLine(journal, lineNumber, e.getMessage()));
            }
        }
        for (PluginCoordinates entry : lockfile.entries()) {
            Last recorded = last.get(entry.id());
            if (recorded == null) {
                findings.add(new AuditFinding.NotJournaled(entry.id()));
            } else if (recorded.line().action() == JournalLine.Action.REVOKE) {
                findings.add(new AuditFinding.Revoked(entry.id(), recorded.lineNumber()));
            } else {
                compare(entry, recorded, findings);
            }
        }
        Map<PluginId, Integer> revoked = new HashMap<>();
        last.forEach((id, recorded) -> {
            if (recorded.line().action() == JournalLine.Action.REVOKE) {
                revoked.put(id, recorded.lineNumber());
            } else if (lockfile.entry(id).isEmpty()) {
                findings.add(new AuditFinding.RemovedWithoutRevoke(id, recorded.lineNumber()));
            }
        });
        return new AuditReport(journal, present, lines.size(), findings, revoked);
    }

    private static void compare(PluginCoordinates entry, Last recorded, List<AuditFinding> findings) {
        JournalLine line = recorded.line();
        if (!entry.version().equals(line.version())) {
            findings.add(new AuditFinding.Differs(entry.id(), "version", entry.version(), line.version(),
                    recorded.lineNumber()));
        }
        if (!entry.hash().matches(DistributionHash.parse(line.hash()))) {
            findings.add(new AuditFinding.Differs(entry.id(), "hash", entry.hash().toString(),
                    line.hash(), recorded.lineNumber()));
        }
    }

    /**
     * The journal's lines without their line breaks, past a leading UTF-8 byte-order mark. A line
     * break is LF or CRLF (git's {@code core.autocrlf} writes CRLF), mixed or not. A final line
     * break ends the last line rather than starting an empty one; a carriage return anywhere
     * else stays part of its line (and makes it malformed).
     */
    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = Utf8Text.contentStart(bytes);
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(Arrays.copyOfRange(bytes, start, end));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return lines;
    }

    private static String decode(byte[] line) {
        if (line.length == 0) {
            throw new IllegalArgumentException("the line is empty; every journal line records one change");
        }
        try {
            return Utf8Text.decode(line, 0, line.length);
        } catch (Utf8Text.MalformedException e) {
            throw new IllegalArgumentException("not UTF-8 text");
        }
    }
}
