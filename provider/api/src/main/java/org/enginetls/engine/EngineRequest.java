package org.enginetls.engine;

import java.security.spec.AlgorithmParameterSpec;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A submitted operation, as the router hands it to an engine. Requests are created by EngineTLS;
 * an engine reads them and must not keep them after the operation completes.
 */
@ProviderType
public interface EngineRequest {

    /** The kind of operation requested. */
    OperationKind kind();

    /** The JCA algorithm name the TLS stack asked for, e.g. {@code SHA256withECDSA}. */
    String algorithm();

    /** Algorithm parameters the TLS stack supplied (e.g. {@code PSSParameterSpec}), or {@code null}. */
    AlgorithmParameterSpec parameters();

    /** The job waiting for this operation; never {@code null} (outside async mode it is not {@link WaitContext#isAsync() async}). */
    WaitContext waitContext();
}
