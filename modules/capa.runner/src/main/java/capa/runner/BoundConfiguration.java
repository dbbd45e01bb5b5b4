package capa.runner;

import java.util.Map;

/**
 * A configuration bound to a procedure's record.
 *
 * @param record the record, made by its canonical constructor
 * @param canonical the values as they were bound, one entry per component in component order
 *     (absent optional values as null; durations as ISO-8601 text; enums by name), for the
 *     run's manifest: what the record got, read without calling the record's accessors
 * @param <C> the record type
 */
public record BoundConfiguration<C extends Record>(C record, Map<String, Object> canonical) {
}
