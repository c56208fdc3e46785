package org.enginetls.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import org.enginetls.async.AsyncSSLContext;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.provider.EngineTlsProvider;

/**
 * The heap a paused handshake costs. Creates {@code count} (default 10,000) EngineTLS server engines
 * in async mode, hands each a ClientHello from a JDK client and lets it pause on its CertificateVerify
 * signature, which a dasync engine ({@code hang.every=1}, sign only) never completes. Heap used after
 * several full GCs, before and after, divided by the count, minus the same measure for as many idle
 * server engines (created, never started), is what a paused handshake holds beyond its engine.
 * For comparison it also measures servers that took the ClientHello without pausing (software
 * engine only) and now wait for the client's Finished.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.enginetls.benchmarks.PausedHandshakeHeap [count]}.
 * With {@code -Dhistogram=true} it also prints, per paused handshake, the classes whose heap grew most.
 */
public final class PausedHandshakeHeap {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final SSLContext client;
    private final SSLContext pausingServer;
    private final SSLContext plainServer;
    private final SSLContext jdkServer;

    private PausedHandshakeHeap(BenchmarkPki pki) throws Exception {
        client = TlsProvider.SunJSSE.clientContext();
        // the longest operation timeout allowed: no paused signature times out while the heap is measured
        EngineTlsProvider pausing = new EngineTlsProvider(Map.of("operationTimeoutMillis", TimeUnit.MINUTES.toMillis(10),
                "classPathEngines", false));
        pausing.addEngine(Engines.create("dasync", Map.of("operations", "sign", "hang.every", "1")));
        pausingServer = asyncServer(pausing, pki);
        plainServer = asyncServer(new EngineTlsProvider(Map.of("classPathEngines", false)), pki);
        jdkServer = TlsProvider.SunJSSE.serverContext(pki);
    }

    private static SSLContext asyncServer(EngineTlsProvider provider, BenchmarkPki pki) throws Exception {
        AsyncSSLContext context = AsyncSSLContext.getInstance("TLSv1.3", provider);
        context.init(pki.keyManagers("SunX509", Security.getProvider("SunJSSE")), null, null);
        context.setAsyncMode(true);
        context.setAsyncCallback((engine, arg) -> true);
        return context;
    }

    public static void main(String[] args) throws Exception {
        BouncyCastleLogging.silence();
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        boolean histogram = Boolean.getBoolean("histogram");
        PausedHandshakeHeap heap = new PausedHandshakeHeap(BenchmarkPki.create(KeyType.EC_P256));
        // warm-up: load and initialise every class on the paths, then let it all go
        heap.measure("warm-up", 200, heap::paused, false);
        heap.measure("warm-up", 200, heap::awaitingFinished, false);
        heap.measure("warm-up", 200, heap::idle, false);
        heap.measure("warm-up", 200, heap::jdkIdle, false);
        heap.measure("warm-up", 200, heap::jdkAwaitingFinished, false);

        long idle = heap.measure("idle server engine", count, heap::idle, false);
        long awaiting = heap.measure("server awaiting the client's Finished (no job)", count, heap::awaitingFinished, false);
        long paused = heap.measure("server paused in a job on its signature", count, heap::paused, histogram);
        long jdkIdle = heap.measure("JDK: idle server engine", count, heap::jdkIdle, false);
        long jdkAwaiting = heap.measure("JDK: server awaiting the client's Finished", count, heap::jdkAwaitingFinished, false);
        System.out.printf("JDK awaiting Finished beyond an idle JDK engine: %d bytes (%.1f KiB)%n", jdkAwaiting - jdkIdle,
                (jdkAwaiting - jdkIdle) / 1024.0);
        System.out.printf("paused handshake beyond an idle engine: %d bytes (%.1f KiB)%n", paused - idle, (paused - idle) / 1024.0);
        System.out.printf("awaiting Finished beyond an idle engine: %d bytes (%.1f KiB)%n", awaiting - idle, (awaiting - idle) / 1024.0);
    }

    /** Heap per engine of {@code count} engines made by {@code make}, all kept; bytes. */
    private long measure(String what, int count, Supplier<SSLEngine> make, boolean histogram) throws Exception {
        Map<String, long[]> before = histogram ? histogram() : null;
        long start = usedAfterGc();
        List<SSLEngine> engines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            engines.add(make.get());
        }
        long end = usedAfterGc();
        long perEngine = (end - start) / count;
        if (!what.equals("warm-up")) {
            System.out.printf("%-50s %6d engines: %,d bytes each (%.1f KiB)%n", what, count, perEngine, perEngine / 1024.0);
        }
        if (histogram) {
            printGrowth(before, histogram(), count);
        }
        for (SSLEngine engine : engines) {
            engine.closeOutbound(); // cancels a paused job
        }
        engines.clear();
        return perEngine;
    }

    private SSLEngine idle() {
        return idle(plainServer);
    }

    private SSLEngine jdkIdle() {
        return idle(jdkServer);
    }

    private static SSLEngine idle(SSLContext context) {
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        return server;
    }

    private SSLEngine paused() {
        SSLEngine server = serverWithClientHello(pausingServer);
        if (!((AsyncSSLEngine) server).isWaitingForAsync()) {
            throw new IllegalStateException("the server did not pause on its signature");
        }
        return server;
    }

    private SSLEngine awaitingFinished() {
        return awaitingFinished(plainServer);
    }

    private SSLEngine jdkAwaitingFinished() {
        return awaitingFinished(jdkServer);
    }

    private SSLEngine awaitingFinished(SSLContext context) {
        SSLEngine server = serverWithClientHello(context);
        try {
            // the server's whole flight goes out; it then waits for the client's Finished
            ByteBuffer out = ByteBuffer.allocate(64 * 1024);
            for (int i = 0; i < 16; i++) {
                SSLEngineResult.HandshakeStatus status = server.getHandshakeStatus();
                if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = server.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    server.wrap(ByteBuffer.allocate(0), out);
                } else {
                    break;
                }
            }
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
        if (server.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
            throw new IllegalStateException("the server is not waiting for the client: " + server.getHandshakeStatus());
        }
        return server;
    }

    /** A server engine that unwrapped a JDK client's ClientHello; the client is dropped. */
    private SSLEngine serverWithClientHello(SSLContext context) {
        try {
            SSLEngine jdkClient = client.createSSLEngine();
            jdkClient.setUseClientMode(true);
            ByteBuffer hello = ByteBuffer.allocate(32 * 1024);
            jdkClient.beginHandshake();
            jdkClient.wrap(ByteBuffer.allocate(0), hello);
            hello.flip();
            SSLEngine server = context.createSSLEngine();
            server.setUseClientMode(false);
            server.unwrap(hello, ByteBuffer.allocate(server.getSession().getApplicationBufferSize()));
            return server;
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The heap class histogram ({@code jcmd GC.class_histogram}, after a full GC): class to {instances, bytes}. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                classes.put(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
            }
        }
        return classes;
    }

    private static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int count) {
        System.out.println("  largest growth per paused handshake (instances, bytes):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(25)
                .forEach(e -> System.out.printf("  %8.2f %8d  %s%n", (double) e.getValue()[0] / count,
                        e.getValue()[1] / count, e.getKey()));
    }
}
