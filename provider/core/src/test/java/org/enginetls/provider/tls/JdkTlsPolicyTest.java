package org.enginetls.provider.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.AlgorithmParameters;
import java.security.Key;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.java.security.BCAlgorithmConstraints;
import org.bouncycastle.jsse.java.security.BCCryptoPrimitive;
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

    @Test
    public void eachPolicyKeepsItsOwnAnswersWhenAnotherPolicyWasAskedFirst() {
        JdkTlsPolicy refusing = policy("TLS_RSA_*, rsa_pkcs1_sha256 usage HandshakeSignature");
        JdkTlsPolicy permitting = policy("TLS_ECDHE_*");
        String staticRsa = "TLS_RSA_WITH_AES_128_GCM_SHA256";
        String ecdhe = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        for (int round = 0; round < 2; round++) {
            assertFalse(refusing.constraints().permits(staticRsa));
            assertTrue(permitting.constraints().permits(staticRsa));
            assertTrue(refusing.constraints().permits(ecdhe));
            assertFalse(permitting.constraints().permits(ecdhe));
        }
        BCSSLParameters first = new BCSSLParameters();
        refusing.applyTo(first, false);
        BCSSLParameters second = new BCSSLParameters();
        permitting.applyTo(second, false);
        assertFalse(List.of(first.getSignatureSchemes()).contains("rsa_pkcs1_sha256"));
        assertTrue(List.of(second.getSignatureSchemes()).contains("rsa_pkcs1_sha256"));
        assertFalse(first.getAlgorithmConstraints().permits(Set.of(BCCryptoPrimitive.KEY_AGREEMENT), staticRsa, null));
        assertTrue(second.getAlgorithmConstraints().permits(Set.of(BCCryptoPrimitive.KEY_AGREEMENT), staticRsa, null));
    }

    @Test
    public void anApplicationsConstraintsStillDecideAfterThePolicyAnsweredTheSameName() {
        JdkTlsPolicy policy = policy("TLS_RSA_*");
        String suite = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        Set<BCCryptoPrimitive> primitives = Set.of(BCCryptoPrimitive.KEY_AGREEMENT);
        BCSSLParameters plain = new BCSSLParameters();
        policy.applyTo(plain, true);
        assertTrue(plain.getAlgorithmConstraints().permits(primitives, suite, null));
        BCSSLParameters restricted = new BCSSLParameters();
        restricted.setAlgorithmConstraints(new RefusingConstraints(suite));
        policy.applyTo(restricted, true);
        assertFalse(restricted.getAlgorithmConstraints().permits(primitives, suite, null));
        assertTrue(plain.getAlgorithmConstraints().permits(primitives, suite, null));
    }

    @Test
    public void everyConnectionGetsThePolicysListsWhateverAnEarlierConnectionDidWithItsCopy() {
        JdkTlsPolicy policy = policy("rsa_pkcs1_sha1 usage HandshakeSignature");
        BCSSLParameters first = new BCSSLParameters();
        policy.applyTo(first, true);
        String[] firstSchemes = first.getSignatureSchemes();
        Arrays.fill(firstSchemes, "rsa_pkcs1_sha1");
        first.setSignatureSchemes(new String[] {"ed25519"});
        first.setNamedGroups(new String[] {"x448"});
        BCSSLParameters second = new BCSSLParameters();
        policy.applyTo(second, true);
        assertEquals(policy.handshakeSchemes(true), List.of(second.getSignatureSchemes()));
        assertEquals(policy.certificateSchemes(true), List.of(second.getSignatureSchemesCert()));
        assertEquals(policy.namedGroups(), List.of(second.getNamedGroups()));
    }

    @Test
    public void aServerThatWasAClientGetsTheServersListsAndAnUnchangedModeKeepsItsOwn() {
        JdkTlsPolicy policy = JdkTlsPolicy.read(name -> null,
                name -> "jdk.tls.server.SignatureSchemes".equals(name) ? "ecdsa_secp256r1_sha256" : null);
        BCSSLParameters parameters = new BCSSLParameters();
        policy.applyTo(parameters, true);
        assertEquals(policy.handshakeSchemes(true), List.of(parameters.getSignatureSchemes()));
        policy.applyTo(parameters, false);
        assertEquals(List.of("ecdsa_secp256r1_sha256"), List.of(parameters.getSignatureSchemes()));
        policy.applyTo(parameters, false);
        assertEquals(List.of("ecdsa_secp256r1_sha256"), List.of(parameters.getSignatureSchemes()));
    }

    /** An application's own constraints that refuse one name. */
    private record RefusingConstraints(String refused) implements BCAlgorithmConstraints {
        @Override
        public boolean permits(Set<BCCryptoPrimitive> primitives, String algorithm, AlgorithmParameters parameters) {
            return !refused.equals(algorithm);
        }

        @Override
        public boolean permits(Set<BCCryptoPrimitive> primitives, Key key) {
            return true;
        }

        @Override
        public boolean permits(Set<BCCryptoPrimitive> primitives, String algorithm, Key key, AlgorithmParameters parameters) {
            return !refused.equals(algorithm);
        }
    }
}
