package org.enginetls.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import org.junit.Test;

/** The TLS stack's RSASSA-PSS names become the JDK's RSASSA-PSS with TLS 1.3's parameters; other names stay. */
public class SignatureNamesTest {

    @Test
    public void pssNamesCarryTheirDigestInMgf1AndASaltAsLongAsTheDigest() {
        PSSParameterSpec sha384 = SignatureNames.pssParameters("SHA384withRSAandMGF1");

        assertEquals("SHA-384", sha384.getDigestAlgorithm());
        assertEquals("MGF1", sha384.getMGFAlgorithm());
        assertEquals("SHA-384", ((MGF1ParameterSpec) sha384.getMGFParameters()).getDigestAlgorithm());
        assertEquals(48, sha384.getSaltLength());
        assertEquals(32, SignatureNames.pssParameters("sha256WITHrsaANDmgf1").getSaltLength());
        assertEquals(64, SignatureNames.pssParameters("SHA512withRSAandMGF1").getSaltLength());
        assertEquals("RSASSA-PSS", SignatureNames.jcaName("SHA256withRSAandMGF1"));
    }

    @Test
    public void otherNamesAreTheJdksOwn() {
        assertNull(SignatureNames.pssParameters("SHA256withECDSA"));
        assertEquals("SHA256withECDSA", SignatureNames.jcaName("SHA256withECDSA"));
        assertEquals("SHA256withRSA", SignatureNames.jcaName("SHA256withRSA"));
    }

    @Test
    public void theTranslationSignsAndVerifiesWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        byte[] data = "transcript hash".getBytes(StandardCharsets.US_ASCII);

        Signature signer = Signature.getInstance(SignatureNames.jcaName("SHA256withRSAandMGF1"));
        signer.setParameter(SignatureNames.pssParameters("SHA256withRSAandMGF1"));
        signer.initSign(keys.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        verifier.initVerify(keys.getPublic());
        verifier.update(data);

        assertTrue(verifier.verify(signature));
    }
}
