package org.enginetls.pool;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.enginetls.engine.OperationKind;

/**
 * The pool's real crypto behind a gate: every operation a worker starts waits until the test opens
 * the gate, so the test knows exactly which worker is busy and what is queued. Optionally every
 * signature then fails with a runtime exception, as a broken device driver would.
 */
final class GatedOperations extends JcaOperations {

    static final long WAIT_SECONDS = 20;

    private final CountDownLatch open = new CountDownLatch(1);
    private final Semaphore entered = new Semaphore(0);
    private final boolean failSignatures;

    private GatedOperations(boolean failSignatures) {
        this.failSignatures = failSignatures;
    }

    /** Operations wait at the gate until {@link #open()}. */
    static GatedOperations closed() {
        return new GatedOperations(false);
    }

    /** Operations wait at the gate; signatures then throw. */
    static GatedOperations closedThenFailingSignatures() {
        return new GatedOperations(true);
    }

    /** Lets every waiting and future operation through. */
    void open() {
        open.countDown();
    }

    /** Waits (bounded) until {@code count} more operations have reached the gate. */
    boolean awaitEntered(int count) throws InterruptedException {
        return entered.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void pass() {
        entered.release();
        try {
            if (!open.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held at the gate", e);
        }
    }

    @Override
    byte[] sign(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, byte[] data)
            throws GeneralSecurityException {
        pass();
        if (failSignatures) {
            throw new IllegalStateException("injected fault: the signing device returned garbage");
        }
        return super.sign(algorithm, parameters, key, data);
    }

    @Override
    boolean verify(String algorithm, AlgorithmParameterSpec parameters, PublicKey key, byte[] data, byte[] signed)
            throws GeneralSecurityException {
        pass();
        return super.verify(algorithm, parameters, key, data, signed);
    }

    @Override
    byte[] agree(String algorithm, AlgorithmParameterSpec parameters, PrivateKey key, PublicKey peer)
            throws GeneralSecurityException {
        pass();
        return super.agree(algorithm, parameters, key, peer);
    }

    @Override
    KeyPair generateKeyPair(String algorithm, AlgorithmParameterSpec parameters, int keySize, SecureRandom random)
            throws GeneralSecurityException {
        pass();
        return super.generateKeyPair(algorithm, parameters, keySize, random);
    }

    @Override
    byte[] transform(OperationKind kind, String transformation, AlgorithmParameterSpec parameters, Key key, byte[] input)
            throws GeneralSecurityException {
        pass();
        return super.transform(kind, transformation, parameters, key, input);
    }
}
