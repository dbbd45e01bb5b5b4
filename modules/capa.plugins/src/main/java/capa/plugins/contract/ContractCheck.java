package capa.plugins.contract;

import capa.api.ProcedureContext;
import capa.api.Procedure;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.MalformedParameterizedTypeException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The load-time contract check of one provider class in its plugin layer, by reflection and
 * without initialising anything: classes are loaded with {@code initialize = false}, and no
 * constructor, static initialiser or method of the plugin is ever invoked. The first failure
 * is reported, in the design's order.
 */
public final class ContractCheck {

    private ContractCheck() {
    }

    /**
     * @param loader the plugin layer's class loader
     * @param className the provider class
     * @param capaApiCompiledVersion the {@code capa.api} version the plugin was compiled
     *     against, when its module descriptor records it
     * @param automatic whether the plugin is an automatic module, where {@link java.util.ServiceLoader}
     *     ignores {@code provider()} methods and needs a public no-arg constructor
     */
    public static ContractResult check(ClassLoader loader, String className,
                                       Optional<ModuleDescriptor.Version> capaApiCompiledVersion,
                                       boolean automatic) {
        try {
            return checkLoaded(Class.forName(className, false, loader), capaApiCompiledVersion, automatic);
        } catch (ClassNotFoundException e) {
            return new ContractResult.Failed("provider class " + className + " cannot be loaded");
        } catch (LinkageError | TypeNotPresentException | MalformedParameterizedTypeException e) {
            // A class the provider needs is missing or broken: the plugin cannot be used.
            return new ContractResult.Failed("provider class " + className + " cannot be loaded ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")");
        }
    }

    private static ContractResult checkLoaded(Class<?> provider,
                                              Optional<ModuleDescriptor.Version> compiledAgainst,
                                              boolean automatic) {
        String name = provider.getName();
        int modifiers = provider.getModifiers();
        if (!Modifier.isPublic(modifiers)) {
            return fail("provider class " + name + " is not public");
        }
        if (provider.isInterface()) {
            return fail("provider " + name + " is an interface, not a class");
        }
        if (Modifier.isAbstract(modifiers)) {
            return fail("provider class " + name + " is abstract");
        }
        if (!Procedure.class.isAssignableFrom(provider)) {
            return fail(implementsForeignProcedure(provider)
                    ? name + " implements a capa.api.Procedure that is not capa's own (does the JAR bundle capa.api?)"
                    : name + " does not implement capa.api.Procedure");
        }
        boolean constructible = hasPublicNoArgConstructor(provider);
        if (automatic && !constructible) {
            return fail("provider class " + name + " has no public no-arg constructor"
                    + " (a plain JAR's provider needs one; provider() works only in a named module)");
        }
        if (!constructible && !hasProviderMethod(provider)) {
            return fail("provider class " + name + " has no public no-arg constructor or public static provider() method");
        }
        Optional<Class<?>> config = ConfigTypes.of(provider);
        if (config.isEmpty() || !config.get().isRecord()) {
            return fail("config must be a record");
        }
        Class<? extends Record> configType = config.get().asSubclass(Record.class);
        // getMethods() copies every public method each call: ask once.
        Method[] methods = provider.getMethods();
        if (!implementsAsync(methods, "preflight", configType)) {
            return fail("missing async preflight()");
        }
        if (!implementsAsync(methods, "run", configType)) {
            return fail("missing async run()");
        }
        Optional<String> incompatible = incompatibleApi(compiledAgainst);
        if (incompatible.isPresent()) {
            return fail(incompatible.get());
        }
        return new ContractResult.Passed(provider, configType);
    }

    private static boolean hasPublicNoArgConstructor(Class<?> provider) {
        try {
            return Modifier.isPublic(provider.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean hasProviderMethod(Class<?> provider) {
        try {
            Method method = provider.getMethod("provider");
            return Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() == provider
                    && Procedure.class.isAssignableFrom(method.getReturnType());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Whether a concrete public method {@code name(ProcedureContext, C)} returns a
     * {@code CompletionStage}. A plugin compiled against an older {@code capa.api} whose
     * {@code run} returned {@code void} has no such method.
     */
    private static boolean implementsAsync(Method[] methods, String name, Class<?> configType) {
        for (Method method : methods) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals(name) && parameters.length == 2
                    && parameters[0] == ProcedureContext.class
                    && (parameters[1] == configType || parameters[1] == Record.class)
                    && !Modifier.isAbstract(method.getModifiers())
                    && CompletionStage.class.isAssignableFrom(method.getReturnType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean implementsForeignProcedure(Class<?> provider) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(provider);
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.getName().equals(Procedure.class.getName())) {
                return true;
            }
            todo.addAll(List.of(c.getInterfaces()));
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
        }
        return false;
    }

    private static Optional<String> incompatibleApi(Optional<ModuleDescriptor.Version> compiledAgainst) {
        Optional<ModuleDescriptor.Version> runtime = Procedure.class.getModule().getDescriptor() == null
                ? Optional.empty() : Procedure.class.getModule().getDescriptor().version();
        if (compiledAgainst.isEmpty() || runtime.isEmpty()) {
            return Optional.empty();
        }
        String built = major(compiledAgainst.get().toString());
        String needed = major(runtime.get().toString());
        if (built.equals(needed)) {
            return Optional.empty();
        }
        return Optional.of("built against capa.api " + compiledAgainst.get()
                + "; this capa needs capa.api " + needed + ".x");
    }

    private static String major(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? version : version.substring(0, end);
    }

    private static ContractResult fail(String what) {
        return new ContractResult.Failed(what);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
