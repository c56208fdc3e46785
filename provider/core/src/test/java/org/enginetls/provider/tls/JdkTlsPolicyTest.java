package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bouncycastle.jsse.BCSSLParameters;
import org.enginetls.provider.impl.tls.JdkTlsPolicy;
import org.junit.Test;

/**
 * How {@link JdkTlsPolicy} reads the JDK's policy: the JVM's own {@code java.security} (a JDK 25
 * default unless the build's JDK says otherwise), and given property values for what a user may write.
 */
public class JdkTlsPolicyTest {

    private static final UnaryOperator<String> NO_SYSTEM_PROPERTIES = name -> null;

    private static JdkTlsPolicy policy(String tlsDisabled) {
        return JdkTlsPolicy.read(name -> "jdk.tls.disabledAlgorithms".equals(name) ? tlsDisabled : null,
                NO_SYSTEM_PROPERTIES);
    }

    @Test
    public void theJvmPolicyKeepsSha1OutOfHandshakeSignaturesAndInCertificateSignatures() {
        JdkTlsPolicy policy = JdkTlsPolicy.read(Security::getProperty, NO_SYSTEM_PROPERTIES);
        for (boolean client : new boolean[] {true, false}) {
            for (String sha1 : List.of("rsa_pkcs1_sha1", "ecdsa_sha1", "dsa_sha1")) {
                assertFalse(sha1, policy.handshakeSchemes(client).contains(sha1));
                assertTrue(sha1, policy.certificateSchemes(client).contains(sha1));
            }
            assertTrue(policy.handshakeSchemes(client).contains("rsa_pss_rsae_sha256"));
        }
    }

    @Test
    public void theJvmPolicyRefusesStaticRsaSuitesAndNothingElseBouncyCastleWouldMiss() {
        JdkTlsPolicy policy = JdkTlsPolicy.read(Security::getProperty, NO_SYSTEM_PROPERTIES);
        assertFalse(policy.constraints().permits("TLS_RSA_WITH_AES_128_GCM_SHA256"));
        assertFalse(policy.constraints().permits("TLS_RSA_WITH_AES_256_CBC_SHA"));
        assertTrue(policy.constraints().permits("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(policy.constraints().permits("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertTrue(policy.constraints().permits("TLS_AES_128_GCM_SHA256"));
        assertEquals("every default entry is enforced", List.of(), policy.unenforced());
    }

    @Test
    public void aUsageEntryNamingAHashDisablesEverySchemeOfThatHash() {
        JdkTlsPolicy policy = policy("SHA-1 usage HandshakeSignature CertificateSignature");
        assertFalse(policy.handshakeSchemes(false).contains("rsa_pkcs1_sha1"));
        assertFalse(policy.certificateSchemes(false).contains("ecdsa_sha1"));
        assertTrue(policy.handshakeSchemes(false).contains("rsa_pkcs1_sha256"));
    }

    @Test
    public void anIncludedListRefusesEachOfItsNames() {
        Map<String, String> security = Map.of("jdk.tls.disabledAlgorithms", "include jdk.disabled.namedCurves",
                "jdk.disabled.namedCurves", "secp256k1, brainpoolP256r1");
        JdkTlsPolicy policy = JdkTlsPolicy.read(security::get, NO_SYSTEM_PROPERTIES);
        assertFalse(policy.constraints().permits("secp256k1"));
        assertFalse(policy.constraints().permits("brainpoolP256r1"));
        assertTrue(policy.constraints().permits("secp256r1"));
    }

    @Test
    public void entriesNobodyEnforcesAreReported() {
        JdkTlsPolicy policy = policy("RC4, SHA1 denyAfter 2020-01-01, rsa_pkcs1_sha256 usage TLSServer");
        assertEquals(List.of("jdk.tls.disabledAlgorithms: SHA1 denyAfter 2020-01-01",
                "jdk.tls.disabledAlgorithms: rsa_pkcs1_sha256 usage TLSServer"), policy.unenforced());
    }

    @Test
    public void withoutNamedGroupsTheJdkDefaultGroupsApplyFfdhe6144And8192Included() {
        JdkTlsPolicy policy = policy(null);
        assertEquals(List.of("x25519", "secp256r1", "secp384r1", "secp521r1", "x448", "ffdhe2048", "ffdhe3072",
                "ffdhe4096", "ffdhe6144", "ffdhe8192", "X25519MLKEM768"), policy.namedGroups());
    }

    @Test
    public void namedGroupsKeepTheirOrderAndUnknownNamesAreIgnoredAsTheJdkDoes() {
        JdkTlsPolicy policy = JdkTlsPolicy.read(name -> null,
                name -> "jdk.tls.namedGroups".equals(name) ? "\"secp384r1, no-such-group, X25519\"" : null);
        assertEquals(List.of("secp384r1", "x25519"), policy.namedGroups());
    }

    @Test(expected = IllegalArgumentException.class)
    public void namedGroupsWithoutAnySupportedGroupAreRefusedAsTheJdkRefusesThem() {
        JdkTlsPolicy.read(name -> null, name -> "jdk.tls.namedGroups".equals(name) ? "no-such-group" : null);
    }

    @Test
    public void signatureSchemePropertiesAreFilteredToo() {
        JdkTlsPolicy policy = JdkTlsPolicy.read(name -> "jdk.tls.disabledAlgorithms".equals(name)
                ? "rsa_pkcs1_sha1 usage HandshakeSignature" : null,
                name -> "jdk.tls.server.SignatureSchemes".equals(name) ? "rsa_pkcs1_sha1,rsa_pss_rsae_sha256" : null);
        assertEquals(List.of("rsa_pss_rsae_sha256"), policy.handshakeSchemes(false));
        assertEquals(List.of("rsa_pkcs1_sha1", "rsa_pss_rsae_sha256"), policy.certificateSchemes(false));
        assertTrue(policy.handshakeSchemes(true).size() > 10);
    }

    @Test
    public void anApplicationsListKeepsItsOrderMinusWhatThePolicyDisables() {
        JdkTlsPolicy policy = policy("rsa_pkcs1_sha1 usage HandshakeSignature");
        BCSSLParameters parameters = new BCSSLParameters();
        parameters.setSignatureSchemes(new String[] {"rsa_pkcs1_sha256", "rsa_pkcs1_sha1", "ed25519"});
        policy.applyTo(parameters, true);
        assertEquals(List.of("rsa_pkcs1_sha256", "ed25519"), List.of(parameters.getSignatureSchemes()));
        assertTrue(List.of(parameters.getSignatureSchemesCert()).contains("rsa_pkcs1_sha1"));
    }
}
