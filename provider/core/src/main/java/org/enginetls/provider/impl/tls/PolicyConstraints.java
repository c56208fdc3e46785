package org.enginetls.provider.impl.tls;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.bouncycastle.jsse.java.security.BCAlgorithmConstraints;
import org.bouncycastle.jsse.java.security.BCCryptoPrimitive;

/**
 * The part of the JDK's {@code jdk.tls.disabledAlgorithms} that BouncyCastle never matches by itself:
 * wildcard entries ({@code TLS_RSA_*}) and the names of {@code include}d lists. BouncyCastle asks its
 * constraints about every cipher suite, protocol, group and signature scheme it would enable, so
 * refusing a name here takes it out of the handshake. An application's own constraints are kept
 * ({@link #joinedWith}), as the JDK adds the application's constraints to its own.
 *
 * <p>BouncyCastle asks about the same few dozen names for every connection, so each name's answer is
 * kept: it depends only on the name and on this policy's entries, which never change. Constraints of
 * another policy (another {@link JdkTlsPolicy}) keep their own answers.
 */
public final class PolicyConstraints implements BCAlgorithmConstraints {

    /** The class of BouncyCastle's built-in default constraints, which it applies anyway. */
    private static final String BOUNCY_CASTLE_DEFAULT = "org.bouncycastle.jsse.provider.ProvAlgorithmConstraints";

    /** Names BouncyCastle asks about are its own, a bounded set; this bound only guards against surprises. */
    private static final int MAX_KEPT_ANSWERS = 1024;

    private final Set<String> refusedNames;
    private final List<Pattern> refusedPatterns;
    private final BCAlgorithmConstraints application;
    /** The answer of {@link #permits(String)} per name, shared by these constraints and every join of them. */
    private final Map<String, Boolean> answers;

    PolicyConstraints(Set<String> refusedNames, List<Pattern> refusedPatterns) {
        this(Set.copyOf(refusedNames), List.copyOf(refusedPatterns), null, new ConcurrentHashMap<>());
    }

    private PolicyConstraints(Set<String> refusedNames, List<Pattern> refusedPatterns, BCAlgorithmConstraints application,
            Map<String, Boolean> answers) {
        this.refusedNames = refusedNames;
        this.refusedPatterns = refusedPatterns;
        this.application = application;
        this.answers = answers;
    }

    /** These constraints and, if it is an application's own, {@code current}. */
    BCAlgorithmConstraints joinedWith(BCAlgorithmConstraints current) {
        if (current == null || current instanceof PolicyConstraints
                || current.getClass().getName().equals(BOUNCY_CASTLE_DEFAULT)) {
            return current instanceof PolicyConstraints mine && mine.refusedNames.equals(refusedNames)
                    && mine.refusedPatterns.equals(refusedPatterns) ? mine : this;
        }
        return new PolicyConstraints(refusedNames, refusedPatterns, current, answers);
    }

    /** Whether the policy lets {@code algorithm} (a cipher suite, group, scheme or JCA name) be used. */
    public boolean permits(String algorithm) {
        Boolean known = answers.get(algorithm);
        if (known != null) {
            return known;
        }
        boolean permitted = decide(algorithm);
        if (answers.size() < MAX_KEPT_ANSWERS) {
            answers.put(algorithm, permitted);
        }
        return permitted;
    }

    private boolean decide(String algorithm) {
        if (refusedNames.contains(algorithm.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (Pattern pattern : refusedPatterns) {
            if (pattern.matcher(algorithm).matches()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean permits(Set<BCCryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
        return permits(algorithm) && (application == null || application.permits(primitives, algorithm, parameters));
    }

    @Override
    public boolean permits(Set<BCCryptoPrimitive> primitives, Key key) {
        return application == null || application.permits(primitives, key);
    }

    @Override
    public boolean permits(Set<BCCryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
        return permits(algorithm) && (application == null || application.permits(primitives, algorithm, key, parameters));
    }

    /** The same refusals as JDK constraints, for the places BouncyCastle takes only those (its server sockets). */
    AlgorithmConstraints asJdkConstraints() {
        return new AlgorithmConstraints() {
            @Override
            public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
                return PolicyConstraints.this.permits(algorithm);
            }

            @Override
            public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
                return true;
            }

            @Override
            public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
                return PolicyConstraints.this.permits(algorithm);
            }
        };
    }
}
