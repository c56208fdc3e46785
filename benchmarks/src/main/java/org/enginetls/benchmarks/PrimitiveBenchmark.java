package org.enginetls.benchmarks;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The primitives of a TLS 1.3 handshake, JDK against BouncyCastle, used the way the software engine
 * uses them: a new JCA object per operation from an explicit provider. The results decide
 * {@code AlgorithmTable.BOUNCY_CASTLE_FIRST}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrimitiveBenchmark {

    /** The implementation: the JDK's providers or BouncyCastle. */
    @Param({"JDK", "BC"})
    public String implementation;

    private Provider ec;
    private Provider jce;
    private Provider digests;
    private final byte[] message = new byte[100];
    private final byte[] record = new byte[16 * 1024];
    private final byte[] sealed = new byte[16 * 1024 + 16];
    private KeyPair x25519Peer;
    private KeyPair p256;
    private KeyPair p256Peer;
    private KeyPair ed25519;
    private byte[] p256Signature;
    private SecretKeySpec hmacKey;
    private SecretKeySpec aesKey;
    private long nonce;

    @Setup
    public void setUp() throws Exception {
        if ("BC".equals(implementation)) {
            Provider bc = new BouncyCastleProvider();
            ec = bc;
            jce = bc;
            digests = bc;
        } else {
            ec = Security.getProvider("SunEC");
            jce = Security.getProvider("SunJCE");
            digests = Security.getProvider("SUN");
        }
        x25519Peer = KeyPairGenerator.getInstance("X25519", ec).generateKeyPair();
        KeyPairGenerator p256Generator = KeyPairGenerator.getInstance("EC", ec);
        p256Generator.initialize(new ECGenParameterSpec("secp256r1"));
        p256 = p256Generator.generateKeyPair();
        p256Peer = p256Generator.generateKeyPair();
        ed25519 = KeyPairGenerator.getInstance("Ed25519", ec).generateKeyPair();
        p256Signature = ecdsaP256Sign();
        hmacKey = new SecretKeySpec(new byte[32], "HmacSHA256");
        aesKey = new SecretKeySpec(new byte[16], "AES");
    }

    /** What each side of an X25519 key exchange does: a key pair, then the shared secret. */
    @Benchmark
    public byte[] x25519KeyGenAndAgree() throws Exception {
        KeyPair own = KeyPairGenerator.getInstance("X25519", ec).generateKeyPair();
        return agree("X25519", own.getPrivate(), x25519Peer.getPublic());
    }

    @Benchmark
    public byte[] ecdhP256KeyGenAndAgree() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", ec);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair own = generator.generateKeyPair();
        return agree("ECDH", own.getPrivate(), p256Peer.getPublic());
    }

    @Benchmark
    public byte[] ecdsaP256Sign() throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA", ec);
        signature.initSign(p256.getPrivate());
        signature.update(message);
        return signature.sign();
    }

    @Benchmark
    public boolean ecdsaP256Verify() throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA", ec);
        signature.initVerify(p256.getPublic());
        signature.update(message);
        return signature.verify(p256Signature);
    }

    @Benchmark
    public byte[] ed25519Sign() throws Exception {
        Signature signature = Signature.getInstance("Ed25519", ec);
        signature.initSign(ed25519.getPrivate());
        signature.update(message);
        return signature.sign();
    }

    /** An HKDF step of the TLS 1.3 key schedule: a keyed HMAC over a short input. */
    @Benchmark
    public byte[] hmacSha256() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256", jce);
        mac.init(hmacKey);
        mac.update(message, 0, 64);
        return mac.doFinal();
    }

    /** A transcript hash snapshot: clone the running digest and finish the copy. */
    @Benchmark
    public byte[] sha256CloneAndDigest() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256", digests);
        digest.update(message);
        return ((MessageDigest) digest.clone()).digest();
    }

    /** One 16 KiB TLS record sealed with AES-128-GCM (a fresh nonce per record, as TLS does). */
    @Benchmark
    public int aes128GcmSeal16k() throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", jce);
        byte[] iv = new byte[12];
        long n = ++nonce;
        for (int i = 0; i < 8; i++) {
            iv[11 - i] = (byte) (n >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, iv));
        return cipher.doFinal(record, 0, record.length, sealed, 0);
    }

    private byte[] agree(String algorithm, PrivateKey own, PublicKey peer) throws Exception {
        KeyAgreement agreement = KeyAgreement.getInstance(algorithm, ec);
        agreement.init(own);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }
}
