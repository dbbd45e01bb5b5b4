package capa.plugins.metadata;

import java.util.Optional;

/**
 * A provider class's {@code @ProcedureInfo}, read from its class file.
 *
 * @param className the provider's binary name
 * @param id the declared id as written, empty when the annotation or its id is missing
 * @param name the declared display name, empty when missing
 * @param description the declared description, empty string when none
 */
public record ProviderInfo(String className, Optional<String> id, Optional<String> name,
                           String description) {
}
