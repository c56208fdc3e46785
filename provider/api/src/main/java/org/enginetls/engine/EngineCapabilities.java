package org.enginetls.engine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an engine can do: for each {@link OperationKind}, the JCA algorithm names it implements
 * (for example {@code SIGN: SHA256withECDSA, Ed25519}). Names are matched case-insensitively, as
 * the JCA does.
 *
 * <p>Instances are immutable; build them with {@link #builder()}.
 */
public final class EngineCapabilities {

    private final Map<OperationKind, Set<String>> algorithms;

    private EngineCapabilities(Map<OperationKind, Set<String>> algorithms) {
        this.algorithms = algorithms;
    }

    /** A builder for a new, initially empty set of capabilities. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the engine declares {@code algorithm} for {@code kind}. */
    public boolean supports(OperationKind kind, String algorithm) {
        Set<String> names = algorithms.get(kind);
        return names != null && names.contains(algorithm);
    }

    /** The algorithm names declared for {@code kind}, sorted; empty if none. */
    public Set<String> algorithms(OperationKind kind) {
        Set<String> names = algorithms.get(kind);
        return names == null ? Set.of() : names;
    }

    /** The operation kinds for which at least one algorithm is declared. */
    public Set<OperationKind> kinds() {
        return Collections.unmodifiableSet(algorithms.keySet());
    }

    @Override
    public String toString() {
        return algorithms.toString();
    }

    /** Collects algorithm names per operation kind. */
    public static final class Builder {
        private final Map<OperationKind, Set<String>> algorithms = new EnumMap<>(OperationKind.class);

        private Builder() {
        }

        /** Declares {@code names} for {@code kind}. */
        public Builder add(OperationKind kind, String... names) {
            Set<String> set = algorithms.computeIfAbsent(kind, k -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
            for (String name : names) {
                set.add(name.trim());
            }
            return this;
        }

        /** Declares everything {@code other} declares. */
        public Builder addAll(EngineCapabilities other) {
            other.algorithms.forEach((kind, names) -> add(kind, names.toArray(String[]::new)));
            return this;
        }

        /** The immutable capabilities collected so far. */
        public EngineCapabilities build() {
            Map<OperationKind, Set<String>> copy = new EnumMap<>(OperationKind.class);
            algorithms.forEach((kind, names) -> {
                Set<String> sorted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                sorted.addAll(names);
                copy.put(kind, Collections.unmodifiableSet(sorted));
            });
            return new EngineCapabilities(Collections.unmodifiableMap(copy));
        }
    }

}
