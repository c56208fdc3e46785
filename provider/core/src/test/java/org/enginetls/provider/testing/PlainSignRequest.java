package org.enginetls.provider.testing;

import java.security.PrivateKey;
import java.security.spec.AlgorithmParameterSpec;

import org.enginetls.engine.OperationKind;
import org.enginetls.engine.SignRequest;
import org.enginetls.engine.WaitContext;
import org.enginetls.provider.impl.async.SynchronousWait;

/** A sign request without parameters, as the router makes it on the calling thread (in a job: that job's). */
public record PlainSignRequest(String algorithm, PrivateKey key, byte[] data) implements SignRequest {

    @Override
    public OperationKind kind() {
        return OperationKind.SIGN;
    }

    @Override
    public AlgorithmParameterSpec parameters() {
        return null;
    }

    @Override
    public WaitContext waitContext() {
        return SynchronousWait.current();
    }
}
