package org.enginetls.openssl;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.TimeUnit;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.testing.EngineCalls;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Many operations leave the process's native heap as they found it: every buffer, context and
 * imported key of an operation is freed with it, generated keys go with their Java objects,
 * cached private keys stay one per key object, and the contexts of record ciphers and MACs go with
 * their {@code Cipher} and {@code Mac} objects.
 *
 * <p>What OpenSSL allocates is invisible to the JVM's native memory tracking, so the test asks glibc:
 * {@code mallinfo2()} counts the bytes in use in the malloc arenas, and surefire runs this module's
 * tests with {@code MALLOC_ARENA_MAX=1} so that one arena serves every thread and the count is
 * complete. The bound, 128 KiB over 2,500 rounds of seven operations, is 52 bytes a round: less than
 * the smallest OpenSSL object a leaking operation would leave behind ({@code EVP_MD_CTX}, an
 * {@code EVP_PKEY_CTX} is larger).
 *
 * <p>That one arena also serves the JVM itself (its compilers and collector malloc and free in bursts),
 * so a single window can show the JVM's growth, not ours. A leak grows the heap in every window, in
 * proportion to the rounds, and a free by the JVM can hide it in one window only; so the test measures
 * four windows, after the JIT has stopped compiling, and fails when more than one of them is over the
 * bound and the heap's floor (the lower of two neighbouring readings) rose by two bounds or more from the
 * first two readings to the last two: on a loaded machine the compilers' bursts, a megabyte up in one
 * window and down in the next, put two windows over the bound without moving the floor, while a leak
 * moves both.
 */
public class NativeMemoryTest {

    private static final int WARM_UP_ROUNDS = 5_000;
    private static final int ROUNDS = 2_500;
    private static final int WINDOWS = 4;
    /** Warm-up batches run at most while the JIT still compiles (a loaded machine compiles late). */
    private static final int MAX_JIT_BATCHES = 20;
    private static final long BOUND = 128 << 10;
    private static final byte[] MESSAGE = new byte[100];
    private static final SecretKeySpec AES_KEY = new SecretKeySpec(new byte[16], "AES");
    private static final SecretKeySpec CHACHA_KEY = new SecretKeySpec(new byte[32], "ChaCha7539");

    private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
            JAVA_LONG.withName("arena"), JAVA_LONG.withName("ordblks"), JAVA_LONG.withName("smblks"),
            JAVA_LONG.withName("hblks"), JAVA_LONG.withName("hblkhd"), JAVA_LONG.withName("usmblks"),
            JAVA_LONG.withName("fsmblks"), JAVA_LONG.withName("uordblks"), JAVA_LONG.withName("fordblks"),
            JAVA_LONG.withName("keepcost"));
    private static final VarHandle IN_USE = MALLINFO2.varHandle(MemoryLayout.PathElement.groupElement("uordblks"));
    private static final VarHandle MAPPED = MALLINFO2.varHandle(MemoryLayout.PathElement.groupElement("hblkhd"));

    private static EngineCalls openssl;
    private static OpenSslEngine engine;
    private static KeyPair p256;
    private static KeyPair x25519Peer;
    private static KeyPair p256Peer;
    private static byte[] signature;

    @BeforeClass
    public static void keys() throws Exception {
        assertEquals("surefire runs this module's tests with one malloc arena", "1", System.getenv("MALLOC_ARENA_MAX"));
        engine = new OpenSslEngine(OpenSslSettings.defaults());
        openssl = new EngineCalls(engine);
        p256 = CrossCheckTest.jdkKeyPair("EC", new ECGenParameterSpec("secp256r1"));
        p256Peer = CrossCheckTest.jdkKeyPair("EC", new ECGenParameterSpec("secp256r1"));
        x25519Peer = KeyPairGenerator.getInstance("XDH").generateKeyPair();
        signature = CrossCheckTest.jdkSign("SHA256withECDSA", null, p256, MESSAGE);
    }

    @Test
    public void manyOperationsLeaveTheNativeHeapAsTheyFoundIt() throws Throwable {
        assertSteady("handshake operations", NativeMemoryTest::rounds, NativeMemoryTest::settledLiveKeys, 1);
        assertEquals("one cached native key per private key object", 1, engine.health().details().get("keys.cached"));
    }

    /**
     * A million record operations: sealing and opening with AES-GCM, ChaCha20 and Poly1305, a tag failure in each
     * round, and new cipher objects for each round (a new connection), whose contexts the collector frees.
     */
    @Test
    public void aMillionRecordOperationsLeaveTheNativeHeapAsTheyFoundIt() throws Throwable {
        assertSteady("record operations", NativeMemoryTest::recordRounds, NativeMemoryTest::settledLiveContexts, 0);
    }

    @FunctionalInterface
    private interface Rounds {
        void run(int count) throws Exception;
    }

    /**
     * Warms up, then runs {@value #WINDOWS} windows of {@value #ROUNDS} rounds and fails if the native heap grew by
     * {@value #BOUND} bytes or more in more than one of them, or if native objects outlive their Java holders.
     */
    private static void assertSteady(String what, Rounds rounds, java.util.function.LongSupplier settledLive,
            long expectedLive) throws Throwable {
        rounds.run(WARM_UP_ROUNDS); // OpenSSL's per-thread state and fetched algorithms, the JIT's compiled code
        // the compilers malloc and free megabytes at a time: measure once they have nothing left to compile
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        for (int batch = 0; batch < MAX_JIT_BATCHES; batch++) {
            long compiling = jit.getTotalCompilationTime();
            rounds.run(ROUNDS / 5);
            if (jit.getTotalCompilationTime() == compiling) {
                break;
            }
        }
        assertEquals("native objects alive after warming up (" + what + ")", expectedLive, settledLive.getAsLong());
        long[] readings = new long[WINDOWS + 1];
        readings[0] = nativeBytesInUse();
        int over = 0;
        for (int window = 1; window <= WINDOWS; window++) {
            rounds.run(ROUNDS);
            assertEquals("native objects alive after " + ROUNDS + " rounds (" + what + ")", expectedLive,
                    settledLive.getAsLong());
            readings[window] = nativeBytesInUse();
            if (readings[window] - readings[window - 1] >= BOUND) {
                over++;
            }
        }
        // what the JVM mallocs comes and goes in bursts; what a leak leaves stays: the floor of the last two readings
        // rises above where the measured windows started (not above a dip the JVM made by freeing its own memory)
        long floorRise = Math.min(readings[WINDOWS - 1], readings[WINDOWS]) - readings[0];
        String measured = java.util.Arrays.toString(java.util.stream.IntStream.range(1, WINDOWS + 1)
                .mapToLong(w -> readings[w] - readings[w - 1]).toArray());
        System.out.println(what + ": native heap growth per window of " + ROUNDS + " rounds: " + measured
                + " bytes; floor rose by " + floorRise);
        assertTrue(what + ": the native heap grew by " + BOUND + " bytes or more in " + over + " of " + WINDOWS
                + " windows of " + ROUNDS + " rounds (" + measured + " bytes) and its floor rose by " + floorRise
                + " bytes", over <= 1 || floorRise < 2 * BOUND);
    }

    /** Each round: a handshake's worth of operations, and a failing one (a bad signature, an error queued in OpenSSL). */
    private static void rounds(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            KeyPair share = openssl.generate("X25519", null, 255);
            openssl.agree("X25519", share.getPrivate(), x25519Peer.getPublic());
            KeyPair ecShare = openssl.generate("EC", new ECGenParameterSpec("secp256r1"), 0);
            openssl.agree("ECDH", ecShare.getPrivate(), p256Peer.getPublic());
            openssl.sign("SHA256withECDSA", null, p256.getPrivate(), MESSAGE);
            openssl.verify("SHA256withECDSA", null, p256.getPublic(), MESSAGE, signature);
            try {
                openssl.verify("SHA256withECDSA", null, p256.getPublic(), MESSAGE, new byte[] {0x30, 0x00});
            } catch (java.security.SignatureException expected) {
                // malformed: OpenSSL queued an error, which the engine must clear
            }
        }
    }

    /**
     * Each round, about 100 record operations on new cipher objects: 20 AES-128-GCM records of 64 bytes sealed and
     * opened with a new nonce each, one of them tampered with; 20 of ChaCha20 and Poly1305 as BCJSSE uses them.
     * {@value #ROUNDS} rounds in each of {@value #WINDOWS} windows, twice that to warm up: 1.2 million operations.
     */
    private static void recordRounds(int count) throws Exception {
        byte[] nonce = new byte[12];
        for (int i = 0; i < count; i++) {
            Cipher sealer = engine.newCipher("AES/GCM/NoPadding");
            Cipher opener = engine.newCipher("AES/GCM/NoPadding");
            Cipher stream = engine.newCipher("ChaCha7539");
            Mac poly1305 = engine.newMac("Poly1305");
            byte[] record = new byte[64 + 16];
            for (int r = 0; r < 20; r++) {
                nonce[11] = (byte) r;
                nonce[10] = (byte) i;
                sealer.init(Cipher.ENCRYPT_MODE, AES_KEY, new GCMParameterSpec(128, nonce));
                sealer.updateAAD(MESSAGE, 0, 5);
                int sealed = sealer.doFinal(record, 0, 64, record, 0);
                if (r == 0) {
                    record[3] ^= 1;
                }
                opener.init(Cipher.DECRYPT_MODE, AES_KEY, new GCMParameterSpec(128, nonce));
                opener.updateAAD(MESSAGE, 0, 5);
                try {
                    opener.doFinal(record, 0, sealed, record, 0);
                } catch (AEADBadTagException expected) {
                    // the tampered record: OpenSSL queued an error, which the engine must clear
                }
                stream.init(Cipher.ENCRYPT_MODE, CHACHA_KEY, new IvParameterSpec(nonce));
                stream.doFinal(record, 0, 64, record, 0);
                poly1305.init(new SecretKeySpec(record, 0, 32, "Poly1305"));
                poly1305.update(record, 32, 32);
                poly1305.doFinal(record, 64);
            }
        }
    }

    /** The cipher and MAC contexts still alive once the collector has freed the unreachable ones (at most 10 s). */
    private static long settledLiveContexts() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (CipherContext.live() + Poly1305Mac.live() > 0 && System.nanoTime() < deadline) {
            System.gc();
        }
        return CipherContext.live() + Poly1305Mac.live();
    }

    /**
     * The native keys still alive once the collector has freed the unreachable ones: the one cached
     * private key, if nothing leaks (collections until then, for at most 10 s).
     */
    private static long settledLiveKeys() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (NativeKey.live() > 1 && System.nanoTime() < deadline) {
            // the collector finds the keys, the cleaner thread frees them
            System.gc();
        }
        return NativeKey.live();
    }

    private static long nativeBytesInUse() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle mallinfo2 = linker.downcallHandle(linker.defaultLookup().find("mallinfo2").orElseThrow(),
                FunctionDescriptor.of(MALLINFO2));
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) mallinfo2.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            return (long) IN_USE.get(info, 0L) + (long) MAPPED.get(info, 0L);
        }
    }
}
