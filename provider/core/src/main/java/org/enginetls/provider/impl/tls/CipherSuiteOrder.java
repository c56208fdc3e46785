package org.enginetls.provider.impl.tls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which EngineTLS engines offer and pick cipher suites: BouncyCastle's, except that
 * AES-GCM comes before ChaCha20-Poly1305 of the same key exchange. BouncyCastle puts ChaCha20
 * first, which suits CPUs without AES instructions; on the JVM, AES-GCM runs on the JDK's intrinsics
 * and ChaCha20 in Java, many times slower per byte. The JDK's own provider orders them the same way.
 */
final class CipherSuiteOrder {

    private CipherSuiteOrder() {
    }

    static String[] aesGcmBeforeChaCha(String[] suites) {
        List<String> ordered = new ArrayList<>(suites.length);
        Map<String, List<String>> deferred = new LinkedHashMap<>();
        for (int i = 0; i < suites.length; i++) {
            String suite = suites[i];
            String family = family(suite);
            if (suite.contains("_CHACHA20_") && gcmFollows(suites, i, family)) {
                deferred.computeIfAbsent(family, f -> new ArrayList<>()).add(suite);
                continue;
            }
            ordered.add(suite);
            if (suite.contains("_GCM_") && !gcmFollows(suites, i, family)) {
                ordered.addAll(deferred.getOrDefault(family, List.of()));
                deferred.remove(family);
            }
        }
        deferred.values().forEach(ordered::addAll);
        return ordered.toArray(String[]::new);
    }

    /** The key exchange and authentication part (TLS 1.2), or one family for all TLS 1.3 suites. */
    private static String family(String suite) {
        int with = suite.indexOf("_WITH_");
        return with < 0 ? "TLS13" : suite.substring(0, with);
    }

    private static boolean gcmFollows(String[] suites, int index, String family) {
        for (int j = index + 1; j < suites.length; j++) {
            if (suites[j].contains("_GCM_") && family(suites[j]).equals(family)) {
                return true;
            }
        }
        return false;
    }
}
