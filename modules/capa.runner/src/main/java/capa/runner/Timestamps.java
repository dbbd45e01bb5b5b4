package capa.runner;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as capa writes them: ISO-8601 with milliseconds and an explicit UTC offset. */
final class Timestamps {

    /** {@code 2026-11-24T10:15:30.123+00:00}: never {@code Z}, so every line reads alike. */
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    /** {@code 20261124T101530.123Z}: sorts in time order as text. */
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'");

    private Timestamps() {
    }

    static String now(Clock clock) {
        return FORMAT.format(OffsetDateTime.now(clock));
    }

    static String runIdPrefix(Clock clock) {
        return RUN_ID.format(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
    }
}
