package capa.testkit;

import java.security.SecureRandom;

/**
 * The seed of a randomised test: fresh on every run, so that runs explore different inputs,
 * printed, so that a failure can be replayed with {@code -Dcapa.test.seed=<seed>}.
 */
public final class Seed {

    /** The system property that replays a seed ({@code mvn test -Dcapa.test.seed=…}). */
    public static final String PROPERTY = "capa.test.seed";

    private Seed() {
    }

    /**
     * The seed for {@code test}: {@code -Dcapa.test.seed} when given, a random one otherwise.
     * Printed to standard output either way (Surefire keeps it in the test's report).
     *
     * @throws NumberFormatException when the property is not a {@code long}
     */
    public static long of(String test) {
        String given = System.getProperty(PROPERTY);
        long seed = given != null ? Long.parseLong(given.strip()) : new SecureRandom().nextLong();
        System.out.println(test + ": seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }
}
