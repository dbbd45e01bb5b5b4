package capa.plugins.contract;

/** The outcome of the contract check on one provider. */
public sealed interface ContractResult {

    /**
     * The provider honours the contract.
     *
     * @param provider the provider class, loaded but not initialised
     * @param configType its configuration record
     */
    record Passed(Class<?> provider, Class<? extends Record> configType) implements ContractResult {
    }

    /**
     * The first way the provider breaks the contract.
     *
     * @param what one line, such as {@code missing async run()}
     */
    record Failed(String what) implements ContractResult {
    }
}
