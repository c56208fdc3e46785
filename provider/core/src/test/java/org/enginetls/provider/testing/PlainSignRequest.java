package org.enginetls.provider.testing;

import java.security.PrivateKey;
import java.security.spec.AlgorithmParameterSpec;

import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.WaitContext;
import org.enginetls.provider.impl.async.SynchronousWait;

/**
 * A sign request without parameters. Through the router it carries the wait context the router gives
 * it; a test that calls an engine directly blocks on the stage ({@link SynchronousWait}).
 */
public record PlainSignRequest(String algorithm, PrivateKey key, byte[] data, WaitContext waitContext)
        implements SignRequest {

    public PlainSignRequest(String algorithm, PrivateKey key, byte[] data) {
        this(algorithm, key, data, SynchronousWait.INSTANCE);
    }

    @Override
    public OperationKind kind() {
        return OperationKind.SIGN;
    }

    @Override
    public AlgorithmParameterSpec parameters() {
        return null;
    }
}
