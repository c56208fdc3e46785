package org.enginetls.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import com.sun.management.OperatingSystemMXBean;
import org.enginetls.testing.EnginePair;

/**
 * {@link FullHandshakeBenchmark}'s operation, measured as the whole JVM's CPU time per handshake in
 * rounds that alternate between the providers, for a machine shared with other work. There JMH's
 * ops/s swing by several times from one iteration to the next, as other processes take the cores;
 * CPU time per handshake does not, and alternating short rounds exposes every provider to the same
 * conditions. It complements the JMH run, which stays the reference on a quiet machine.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *      org.enginetls.benchmarks.HandshakeCpuRounds [rounds] [handshakes per round]
 * </pre>
 *
 * Prints, per key type and provider, the median and the lowest CPU microseconds per handshake over the
 * rounds after the first two (warm-up), and each provider's ratio to SunJSSE.
 */
public final class HandshakeCpuRounds {

    private static final List<TlsProvider> PROVIDERS = List.of(TlsProvider.EngineTLS, TlsProvider.EngineTLS_openssl,
            TlsProvider.SunJSSE, TlsProvider.BCJSSE_BCKM);
    private static final int WARM_UP_ROUNDS = 2;

    private HandshakeCpuRounds() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        BouncyCastleLogging.silence();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        EnginePair pair = new EnginePair();
        for (KeyType keyType : KeyType.values()) {
            BenchmarkPki pki = BenchmarkPki.create(keyType);
            SSLContext[] clients = new SSLContext[PROVIDERS.size()];
            SSLContext[] servers = new SSLContext[PROVIDERS.size()];
            for (int p = 0; p < PROVIDERS.size(); p++) {
                clients[p] = PROVIDERS.get(p).clientContext();
                servers[p] = PROVIDERS.get(p).serverContext(pki);
            }
            double[][] cpu = new double[PROVIDERS.size()][rounds - WARM_UP_ROUNDS];
            for (int round = 0; round < rounds; round++) {
                for (int p = 0; p < PROVIDERS.size(); p++) {
                    long start = os.getProcessCpuTime();
                    for (int i = 0; i < perRound; i++) {
                        SSLEngine client = clients[p].createSSLEngine();
                        client.setUseClientMode(true);
                        SSLEngine server = servers[p].createSSLEngine();
                        server.setUseClientMode(false);
                        pair.handshake(client, server);
                        pair.roundTrip();
                    }
                    if (round >= WARM_UP_ROUNDS) {
                        cpu[p][round - WARM_UP_ROUNDS] = (os.getProcessCpuTime() - start) / 1000.0 / perRound;
                    }
                }
            }
            double jdk = median(cpu[PROVIDERS.indexOf(TlsProvider.SunJSSE)]);
            for (int p = 0; p < PROVIDERS.size(); p++) {
                double median = median(cpu[p]);
                System.out.printf("%-9s %-18s median %7.0f us CPU/handshake  lowest %7.0f  (%5.0f/s per core)  %.2fx SunJSSE%n",
                        keyType, PROVIDERS.get(p), median, Arrays.stream(cpu[p]).min().orElseThrow(), 1e6 / median,
                        jdk / median);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
