package capa.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a procedure's identity on its provider class.
 *
 * <p>capa reads this annotation from the class file before the plugin's classes are loaded,
 * so that production mode can gate a plugin on its id without running any of its code.
 * Its values must therefore be compile-time constants, as Java requires anyway.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProcedureInfo {

    /**
     * The plugin id: a lowercase dotted name of at least two parts, each a letter followed by
     * letters, digits or underscores, for example {@code capa.contrib.hold_setpoint}. It is
     * the key in {@code plugins.lock} and the name operators type. Ids under
     * {@code capa.builtin.} are reserved for capa's own procedures.
     *
     * @return the plugin id
     */
    String id();

    /**
     * A short human-readable name, for example {@code "Hold a setpoint"}. Must not be blank.
     *
     * @return the display name
     */
    String name();

    /**
     * One or two sentences on what the procedure does, shown by {@code capa describe}.
     *
     * @return the description, empty when none is given
     */
    String description() default "";
}
