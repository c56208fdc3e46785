package org.enginetls.provider.testing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.enginetls.engine.AgreeRequest;
import org.enginetls.engine.AsymmetricCipherRequest;
import org.enginetls.engine.CryptoEngine;
import org.enginetls.engine.EngineRequest;
import org.enginetls.engine.KeyPairRequest;
import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.VerifyRequest;
import org.enginetls.provider.impl.software.AlgorithmTable;
import org.enginetls.provider.impl.software.SoftwareEngine;

/**
 * A test engine that does everything a software engine does and counts, per {@link OperationKind},
 * the operations submitted to it and the inline primitives (ciphers, MACs, digests, ...) it handed
 * out, and records the algorithm of every operation.
 *
 * <p>Inline primitives are counted when they are created, not when they are used: the count proves
 * that the TLS stack's record cipher came from this engine, not how many records it processed.
 */
public final class CountingEngine extends DelegatingEngine {

    private final Map<OperationKind, AtomicLong> counts = new EnumMap<>(OperationKind.class);
    private final List<String> operations = new CopyOnWriteArrayList<>();

    public CountingEngine(String id, CryptoEngine delegate) {
        super(id, delegate);
        for (OperationKind kind : OperationKind.values()) {
            counts.put(kind, new AtomicLong());
        }
    }

    /** A counting engine over a fresh software engine. */
    public static CountingEngine overSoftware(String id) throws GeneralSecurityException {
        return new CountingEngine(id, software());
    }

    /** A software engine of its own (JDK providers first, then a private BouncyCastle). */
    public static SoftwareEngine software() throws GeneralSecurityException {
        return new SoftwareEngine(AlgorithmTable.create(new BouncyCastleProvider()));
    }

    /** How many operations (or primitives) of {@code kind} went through this engine. */
    public long count(OperationKind kind) {
        return counts.get(kind).get();
    }

    /** All counts, as a map from kind to count (for messages and before/after comparisons). */
    public Map<OperationKind, Long> counts() {
        Map<OperationKind, Long> snapshot = new EnumMap<>(OperationKind.class);
        counts.forEach((kind, count) -> snapshot.put(kind, count.get()));
        return snapshot;
    }

    /** Every operation seen so far, as {@code KIND algorithm}, in order. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    /** The algorithms of the operations of {@code kind} seen so far, in order. */
    public List<String> algorithms(OperationKind kind) {
        String prefix = kind + " ";
        return operations.stream().filter(op -> op.startsWith(prefix)).map(op -> op.substring(prefix.length())).toList();
    }

    private void record(OperationKind kind, String algorithm) {
        counts.get(kind).incrementAndGet();
        operations.add(kind + " " + algorithm);
    }

    private void record(EngineRequest request) {
        record(request.kind(), request.algorithm());
    }

    @Override
    public CompletionStage<byte[]> sign(SignRequest request) {
        record(request);
        return super.sign(request);
    }

    @Override
    public CompletionStage<Boolean> verify(VerifyRequest request) {
        record(request);
        return super.verify(request);
    }

    @Override
    public CompletionStage<byte[]> agree(AgreeRequest request) {
        record(request);
        return super.agree(request);
    }

    @Override
    public CompletionStage<KeyPair> generateKeyPair(KeyPairRequest request) {
        record(request);
        return super.generateKeyPair(request);
    }

    @Override
    public CompletionStage<byte[]> transform(AsymmetricCipherRequest request) {
        record(request);
        return super.transform(request);
    }

    @Override
    public Cipher newCipher(String transformation) throws GeneralSecurityException {
        record(OperationKind.CIPHER, transformation);
        return super.newCipher(transformation);
    }

    @Override
    public Mac newMac(String algorithm) throws GeneralSecurityException {
        record(OperationKind.MAC, algorithm);
        return super.newMac(algorithm);
    }

    @Override
    public MessageDigest newDigest(String algorithm) throws GeneralSecurityException {
        record(OperationKind.DIGEST, algorithm);
        return super.newDigest(algorithm);
    }

    @Override
    public KeyFactory newKeyFactory(String algorithm) throws GeneralSecurityException {
        record(OperationKind.KEY_FACTORY, algorithm);
        return super.newKeyFactory(algorithm);
    }

    @Override
    public SecureRandom newSecureRandom(String algorithm) throws GeneralSecurityException {
        record(OperationKind.RANDOM, algorithm);
        return super.newSecureRandom(algorithm);
    }
}
