package org.enginetls.provider.impl.engines;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing order: engines named in the preference list first, in list order; then by ranking, higher first; equal
 * rankings by arrival, earlier first (as OSGi breaks ranking ties by the lower service id).
 */
final class EngineOrder {

    private EngineOrder() {
    }

    /** {@code engines} in routing order under {@code preference}, as a new list. */
    static List<RegisteredEngine> sort(Collection<RegisteredEngine> engines, List<String> preference) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < preference.size(); i++) {
            rank.put(preference.get(i), i);
        }
        List<RegisteredEngine> sorted = new ArrayList<>(engines);
        sorted.sort(Comparator
                .comparingInt((RegisteredEngine engine) -> rank.getOrDefault(engine.id(), Integer.MAX_VALUE))
                .thenComparing(RegisteredEngine::ranking, Comparator.reverseOrder())
                .thenComparingLong(RegisteredEngine::arrival));
        return sorted;
    }
}
