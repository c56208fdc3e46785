package org.enginetls.provider.impl.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.enginetls.runtime.EngineDTO;

/**
 * Formats {@link EngineDTO}s as text for a console: a table with one line per engine, or every field of
 * one engine. Only formatting: it neither finds engines nor reads anything but the DTOs it is given.
 */
public final class EngineTable {

    static final List<String> HEADERS = List.of("ID", "STATE", "RANKING", "BUNDLE", "SUBMITTED", "COMPLETED",
            "FAILED", "EAGAIN", "FAILOVERS", "IN-FLIGHT", "P99-US");

    /** What the bundle column shows for an engine found on the class path rather than registered by a bundle. */
    static final String NO_BUNDLE = "-";

    private EngineTable() {
    }

    /** A header line and one line per engine, in the order given, columns padded to their widest cell. */
    public static String table(List<EngineDTO> engines) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (EngineDTO engine : engines) {
            rows.add(List.of(engine.id, String.valueOf(engine.state), String.valueOf(engine.ranking), bundle(engine),
                    Long.toString(engine.submitted), Long.toString(engine.completed), Long.toString(engine.failed),
                    Long.toString(engine.eagain), Long.toString(engine.failovers), Long.toString(engine.inFlight),
                    Long.toString(engine.latencyP99Micros)));
        }
        int[] widths = new int[HEADERS.size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                String cell = row.get(column);
                // text columns read best left-aligned, numbers right-aligned (the first four are text)
                line.append(column < 4 ? cell + " ".repeat(widths[column] - cell.length())
                        : " ".repeat(widths[column] - cell.length()) + cell);
                line.append("  ");
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** The most names a kind's line shows before it gives only their number. */
    static final int NAMES_SHOWN = 4;

    /**
     * Every field of {@code engine}, one per line, what it reports about itself, then its algorithms: per operation
     * kind the names when there are few, else their number; every name when {@code allAlgorithms}.
     */
    public static String details(EngineDTO engine, boolean allAlgorithms) {
        StringBuilder text = new StringBuilder();
        field(text, "id", engine.id);
        field(text, "state", engine.state);
        if (engine.healthReason != null) {
            field(text, "health", engine.healthReason);
        }
        field(text, "ranking", engine.ranking);
        field(text, "async", engine.async);
        field(text, "bundle", engine.bundleSymbolicName == null ? NO_BUNDLE + " (class path)"
                : engine.bundleSymbolicName + " " + engine.bundleVersion + " [" + engine.bundleId + "]");
        field(text, "submitted", engine.submitted);
        field(text, "completed", engine.completed);
        field(text, "failed", engine.failed);
        field(text, "eagain", engine.eagain);
        field(text, "failovers", engine.failovers);
        field(text, "in flight", engine.inFlight);
        field(text, "peak in flight", engine.peakInFlight);
        field(text, "latency p50", engine.latencyP50Micros + " us");
        field(text, "latency p99", engine.latencyP99Micros + " us");
        field(text, "last error", engine.lastError == null ? "none"
                : engine.lastError + " at " + Instant.ofEpochMilli(engine.lastErrorTime));
        if (!engine.properties.isEmpty()) {
            text.append("reported:\n");
            engine.properties.forEach((name, value) -> text.append("  ").append(name).append(": ").append(value).append('\n'));
        }
        int total = engine.algorithms.values().stream().mapToInt(List::size).sum();
        boolean counted = !allAlgorithms && engine.algorithms.values().stream().anyMatch(names -> names.size() > NAMES_SHOWN);
        field(text, "algorithms", counted ? total + " (enginetls:engine -a " + engine.id + " lists every name)" : total);
        for (Map.Entry<String, List<String>> kind : engine.algorithms.entrySet()) {
            List<String> names = kind.getValue();
            text.append("  ").append(kind.getKey()).append(": ")
                    .append(allAlgorithms || names.size() <= NAMES_SHOWN ? String.join(", ", names) : names.size() + " names")
                    .append('\n');
        }
        return text.toString();
    }

    /** Says that no engine has {@code id} and which ids there are. */
    public static String notFound(String id, List<EngineDTO> engines) {
        String ids = engines.stream().map(engine -> engine.id).collect(Collectors.joining(", "));
        return "no engine '" + id + "'; engines: " + (ids.isEmpty() ? "none" : ids) + "\n";
    }

    private static String bundle(EngineDTO engine) {
        return engine.bundleSymbolicName == null ? NO_BUNDLE : engine.bundleSymbolicName;
    }

    private static void field(StringBuilder text, String name, Object value) {
        text.append(name).append(':').append(" ".repeat(16 - name.length())).append(value).append('\n');
    }
}
