package capa.plugins.contract;

import capa.api.Procedure;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the type argument a provider gives {@code Procedure<C>}, through superclasses and
 * superinterfaces, by reflection on generic signatures (which loads classes but runs none).
 */
public final class ConfigTypes {

    private ConfigTypes() {
    }

    /** The class bound to {@code C}, if it is one (not a type variable or wildcard). */
    public static Optional<Class<?>> of(Class<?> provider) {
        return resolve(provider, Map.of()).flatMap(t -> t instanceof Class<?> c ? Optional.of(c)
                : t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                        ? Optional.of(raw) : Optional.empty());
    }

    private static Optional<Type> resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> own = new HashMap<>();
        if (type instanceof Class<?> c) {
            raw = c;
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            TypeVariable<?>[] parameters = c.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < parameters.length && i < arguments.length; i++) {
                Type argument = arguments[i];
                own.put(parameters[i], argument instanceof TypeVariable<?> v && bindings.containsKey(v)
                        ? bindings.get(v) : argument);
            }
        } else {
            return Optional.empty();
        }
        if (raw == Procedure.class) {
            return Optional.ofNullable(own.get(Procedure.class.getTypeParameters()[0]));
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Optional<Type> found = resolve(parent, own);
            if (found.isPresent()) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? Optional.empty() : resolve(superclass, own);
    }
}
