/**
 * The capa procedure SPI.
 *
 * <h2>The contract</h2>
 * A plugin is one JAR holding one or more procedures. Each procedure is a provider of
 * {@link capa.api.Procedure}: declared with {@code provides capa.api.Procedure with ...} in a
 * named module, or in {@code META-INF/services/capa.api.Procedure} in a plain (automatic
 * module) JAR. When capa loads the JAR it checks, without running any plugin code, that each
 * provider class
 * <ul>
 *   <li>is public and concrete and implements {@code capa.api.Procedure} from capa's own
 *       {@code capa.api} (do not bundle a copy of this module in your JAR);</li>
 *   <li>has a public no-argument constructor or a {@code public static provider()} method;</li>
 *   <li>carries {@link capa.api.ProcedureInfo} with a well-formed id and a non-blank name;</li>
 *   <li>names a {@code record} as its configuration type;</li>
 *   <li>implements {@code preflight} and {@code run}, both returning a
 *       {@link java.util.concurrent.CompletionStage};</li>
 *   <li>was compiled against {@code capa.api} of the same major version as the runtime.</li>
 * </ul>
 *
 * <h2>A complete minimal plugin</h2>
 * {@code module-info.java}:
 * <pre>{@code
 * module capa.contrib {
 *     requires capa.api;
 *     provides capa.api.Procedure with capa.contrib.HoldSetpoint;
 * }
 * }</pre>
 * {@code capa/contrib/HoldSetpoint.java}:
 * <pre>{@code
 * package capa.contrib;
 *
 * import capa.api.Problem;
 * import capa.api.Procedure;
 * import capa.api.ProcedureContext;
 * import capa.api.ProcedureInfo;
 * import java.util.List;
 * import java.util.concurrent.CompletableFuture;
 * import java.util.concurrent.CompletionStage;
 *
 * @ProcedureInfo(id = "capa.contrib.hold_setpoint", name = "Hold a setpoint")
 * public final class HoldSetpoint implements Procedure<HoldSetpoint.Config> {
 *
 *     public record Config(double setpointC, long holdSeconds) {}
 *
 *     public CompletionStage<List<Problem>> preflight(ProcedureContext ctx, Config config) {
 *         if (config.setpointC() > 95.0) {
 *             return CompletableFuture.completedFuture(
 *                     List.of(Problem.blocking("setpointC above the bath's 95 C limit")));
 *         }
 *         return CompletableFuture.completedFuture(List.of());
 *     }
 *
 *     public CompletionStage<Void> run(ProcedureContext ctx, Config config) {
 *         return CompletableFuture.runAsync(() -> {
 *             ctx.log().info("holding " + config.setpointC() + " C");
 *             ctx.progress(1.0, "done");
 *         });
 *     }
 * }
 * }</pre>
 * Build it with {@code capa-api} as a {@code provided} dependency, give the JAR a version
 * ({@code jar --module-version 0.3.1}, or Maven's project version), and drop the JAR into the
 * image's {@code modules/} directory. {@code capa plugins list} shows it; in production mode a
 * lab lead must first run {@code capa plugins trust capa.contrib.hold_setpoint --reason ...}.
 */
package capa.api;
