package org.enginetls.provider.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.enginetls.provider.impl.engines.EngineOrigin;
import org.enginetls.provider.impl.shell.EngineCommands;
import org.enginetls.provider.impl.shell.EngineTable;
import org.enginetls.provider.impl.status.RegistryRuntime;
import org.enginetls.provider.testing.CountingEngine;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TestPki.KeyType;
import org.enginetls.provider.testing.TlsPeers;
import org.enginetls.runtime.EngineDTO;
import org.enginetls.runtime.EngineState;
import org.junit.Test;

/** The shell's engine table and engine details show every engine's status as aligned text. */
public class EngineTableTest {

    @Test
    public void tableHasAHeaderAndOneAlignedLinePerEngineInTheOrderGiven() {
        EngineDTO qat = engine("qat", EngineState.ACTIVE, 100, "com.example.qat", 123_456);
        EngineDTO software = engine("software", EngineState.ACTIVE, Integer.MIN_VALUE, null, 7);

        String[] lines = EngineTable.table(List.of(qat, software)).split("\n");

        assertEquals(3, lines.length);
        assertEquals(List.of("ID", "STATE", "RANKING", "BUNDLE", "SUBMITTED", "COMPLETED", "FAILED", "EAGAIN",
                "FAILOVERS", "IN-FLIGHT", "P99-US"), List.of(lines[0].split(" +")));
        assertEquals(List.of("qat", "ACTIVE", "100", "com.example.qat", "123456", "123450", "6", "2", "1", "0", "850"),
                List.of(lines[1].split(" +")));
        assertEquals(List.of("software", "ACTIVE", String.valueOf(Integer.MIN_VALUE), "-", "7", "1", "6", "2", "1",
                "0", "850"), List.of(lines[2].split(" +")));
        // numbers are right-aligned: every line ends its counters in the same column
        assertEquals(lines[0].length(), lines[1].length());
        assertEquals(lines[0].length(), lines[2].length());
        // text is left-aligned
        assertEquals(lines[0].indexOf("BUNDLE"), lines[1].indexOf("com.example.qat"));
        assertEquals(lines[0].indexOf("BUNDLE"), lines[2].indexOf(" - ") + 1);
    }

    @Test
    public void tableOfNoEnginesIsItsHeader() {
        assertEquals(1, EngineTable.table(List.of()).split("\n").length);
    }

    @Test
    public void detailsShowEveryFieldAndTheAlgorithmsOfEachKind() {
        EngineDTO qat = engine("qat", EngineState.RETIRING, 100, "com.example.qat", 10);
        qat.lastError = "device reset";
        qat.lastErrorTime = 0;

        String details = EngineTable.details(qat, false);

        Map<String, String> fields = fields(details);
        assertEquals(Map.ofEntries(Map.entry("id", "qat"), Map.entry("state", "RETIRING"), Map.entry("ranking", "100"),
                Map.entry("async", "true"), Map.entry("bundle", "com.example.qat 1.2.3 [42]"),
                Map.entry("submitted", "10"), Map.entry("completed", "4"), Map.entry("failed", "6"),
                Map.entry("eagain", "2"), Map.entry("failovers", "1"), Map.entry("in flight", "0"),
                Map.entry("peak in flight", "3"), Map.entry("latency p50", "120 us"),
                Map.entry("latency p99", "850 us"), Map.entry("last error", "device reset at 1970-01-01T00:00:00Z"),
                Map.entry("algorithms", "3"), Map.entry("SIGN", "SHA256withECDSA, SHA384withECDSA"),
                Map.entry("AGREE", "X25519")), fields);
        // the values of the fields start in one column
        assertEquals(1, details.lines().filter(line -> !line.startsWith(" ") && !line.endsWith(":"))
                .map(line -> line.indexOf(line.substring(line.indexOf(':') + 1).strip())).distinct().count());
    }

    @Test
    public void detailsShowWhatTheEngineReportsAboutItselfBeforeTheAlgorithms() {
        EngineDTO pool = engine("pool", EngineState.ACTIVE, 50, "com.example.pool", 0);
        pool.properties = new LinkedHashMap<>(Map.of("queue.depth", 7));

        String details = EngineTable.details(pool, false);

        assertTrue(details, details.contains("reported:\n  queue.depth: 7\nalgorithms:      3\n"));
        assertFalse("nothing reported, no heading", EngineTable.details(engine("x", EngineState.ACTIVE, 0, null, 0), false)
                .contains("reported:"));
    }

    @Test
    public void manyAlgorithmsAreCountedPerKindUnlessEveryNameIsAskedFor() {
        EngineDTO software = engine("software", EngineState.ACTIVE, Integer.MIN_VALUE, null, 0);
        List<String> ciphers = List.of("AES/GCM/NoPadding", "AES/CBC/NoPadding", "ChaCha20-Poly1305", "AES/CTR/NoPadding",
                "DESede/CBC/NoPadding");
        software.algorithms = new LinkedHashMap<>(Map.of("CIPHER", ciphers, "AGREE", List.of("X25519")));

        Map<String, String> summary = fields(EngineTable.details(software, false));
        Map<String, String> all = fields(EngineTable.details(software, true));

        assertEquals("6 (enginetls:engine -a software lists every name)", summary.get("algorithms"));
        assertEquals("5 names", summary.get("CIPHER"));
        assertEquals("X25519", summary.get("AGREE"));
        assertEquals("6", all.get("algorithms"));
        assertEquals(String.join(", ", ciphers), all.get("CIPHER"));
    }

    @Test
    public void engineWithoutAnIdPrintsHowToCallIt() {
        EngineCommands commands = new EngineCommands(new RegistryRuntime(TlsPeers.withSoftwareEngine().core().registry()));

        assertTrue(commands.engine(), commands.engine().startsWith("usage: enginetls:engine [-a] <id>\n"));
        assertEquals(commands.engine(), commands.engine("-a"));
        assertEquals(commands.engine(), commands.engine("software", "more"));
        assertTrue(commands.engine("-a", "software").lines().anyMatch(line -> line.startsWith("  CIPHER: ")
                && line.contains("AES/GCM/NoPadding")));
    }

    @Test
    public void unknownEngineIsNamedWithTheEnginesThereAre() {
        EngineDTO qat = engine("qat", EngineState.ACTIVE, 100, "com.example.qat", 0);
        EngineDTO software = engine("software", EngineState.ACTIVE, Integer.MIN_VALUE, null, 0);

        assertEquals("no engine 'x'; engines: qat, software\n", EngineTable.notFound("x", List.of(qat, software)));
        assertEquals("no engine 'x'; engines: none\n", EngineTable.notFound("x", List.of()));
    }

    @Test
    public void commandsReportTheCountersOfARealRegistryAfterAHandshake() throws Exception {
        TlsPeers peers = TlsPeers.withSoftwareEngine();
        peers.core().registry().add(CountingEngine.overSoftware("counting"), 100, EngineOrigin.CLASS_PATH);
        EngineCommands commands = new EngineCommands(new RegistryRuntime(peers.core().registry()));
        TlsPeers.pair(peers.client("TLSv1.3"), peers.server("TLSv1.3", TestPki.leaf(KeyType.EC_P256))).handshake();

        String[] lines = commands.engines().split("\n");
        String counting = commands.engine("counting");

        assertEquals(3, lines.length);
        assertTrue(lines[1], lines[1].startsWith("counting "));
        assertTrue(lines[2], lines[2].startsWith("software "));
        long submitted = Long.parseLong(lines[1].split(" +")[4]);
        assertTrue("submitted " + submitted, submitted >= 6);
        assertEquals(String.valueOf(submitted), fields(counting).get("submitted"));
        assertEquals(String.valueOf(submitted), fields(counting).get("completed"));
        assertEquals("ACTIVE", fields(counting).get("state"));
        assertEquals("no engine 'nope'; engines: counting, software\n", commands.engine("nope"));
    }

    /** "name: value" lines as a map, names and values stripped. */
    private static Map<String, String> fields(String details) {
        Map<String, String> fields = new LinkedHashMap<>();
        details.lines().forEach(line -> fields.put(line.substring(0, line.indexOf(':')).strip(),
                line.substring(line.indexOf(':') + 1).strip()));
        return fields;
    }

    private static EngineDTO engine(String id, EngineState state, int ranking, String bundle, long submitted) {
        EngineDTO dto = new EngineDTO();
        dto.id = id;
        dto.state = state;
        dto.ranking = ranking;
        dto.async = bundle != null;
        if (bundle != null) {
            dto.bundleSymbolicName = bundle;
            dto.bundleVersion = "1.2.3";
            dto.bundleId = 42;
        }
        Map<String, List<String>> algorithms = new LinkedHashMap<>();
        algorithms.put("SIGN", List.of("SHA256withECDSA", "SHA384withECDSA"));
        algorithms.put("AGREE", List.of("X25519"));
        dto.algorithms = algorithms;
        dto.submitted = submitted;
        dto.completed = submitted - 6;
        dto.failed = 6;
        dto.eagain = 2;
        dto.failovers = 1;
        dto.peakInFlight = 3;
        dto.latencyP50Micros = 120;
        dto.latencyP99Micros = 850;
        return dto;
    }
}
