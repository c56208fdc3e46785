package org.enginetls.benchmarks;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.enginetls.engine.CryptoEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One 16 KiB record sealed and opened in place, as a TLS record layer uses an AEAD cipher: one {@code Cipher}
 * object per direction, initialised again with a new nonce for every record, 5 bytes of AAD. The JDK's
 * ({@code SunJCE}) against the openssl engine's, through the {@code Cipher} the engine SPI hands out. The score
 * in ops/us is MB/s of records sealed and opened.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordCipherBenchmark {

    private static final int RECORD = 16 * 1024;

    @Param({"JDK", "openssl"})
    public String implementation;

    @Param({"AES/GCM/NoPadding", "ChaCha20-Poly1305"})
    public String cipher;

    private Cipher sealer;
    private Cipher opener;
    private Key key;
    private final byte[] record = new byte[RECORD + 16];
    private final byte[] aad = new byte[5];
    private final byte[] nonce = new byte[12];
    private long sequence;

    @Setup
    public void setUp() throws GeneralSecurityException {
        boolean gcm = cipher.startsWith("AES");
        key = new SecretKeySpec(new byte[gcm ? 16 : 32], gcm ? "AES" : "ChaCha20");
        if (implementation.equals("JDK")) {
            sealer = Cipher.getInstance(cipher, "SunJCE");
            opener = Cipher.getInstance(cipher, "SunJCE");
        } else {
            CryptoEngine engine = Engines.create("openssl", Map.of());
            sealer = engine.newCipher(cipher);
            opener = engine.newCipher(cipher);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORD)
    public int sealAndOpen() throws GeneralSecurityException {
        long n = ++sequence;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        AlgorithmParameterSpec spec = cipher.startsWith("AES") ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
        sealer.init(Cipher.ENCRYPT_MODE, key, spec);
        sealer.updateAAD(aad);
        int sealed = sealer.doFinal(record, 0, RECORD, record, 0);
        opener.init(Cipher.DECRYPT_MODE, key, spec);
        opener.updateAAD(aad);
        return opener.doFinal(record, 0, sealed, record, 0);
    }
}
