package org.enginetls.provider.impl.tls;

import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;

/**
 * The JDK's TLS policy ({@code jdk.tls.disabledAlgorithms}, {@code jdk.certpath.disabledAlgorithms},
 * {@code jdk.tls.namedGroups}, {@code jdk.tls.client.SignatureSchemes}, {@code jdk.tls.server.SignatureSchemes}),
 * read as the JDK reads it and turned into the settings BouncyCastle's JSSE understands, for what it
 * ignores of its own accord.
 *
 * <p>BCJSSE 1.84 enforces plain entries ({@code RC4}, {@code MD5withRSA}) and {@code keySize} limits itself.
 * It skips, with a warning, entries restricted to a usage and entries joined with {@code &}, and it
 * silently never matches wildcards such as {@code TLS_RSA_*}. This class maps those onto what it does
 * apply per connection:
 * <ul>
 * <li>{@code X usage HandshakeSignature}: the signature schemes offered and accepted for handshake
 * signatures leave out every scheme {@code X} names ({@link BCSSLParameters#setSignatureSchemes});
 * {@code usage CertificateSignature} does the same for certificate signatures
 * ({@link BCSSLParameters#setSignatureSchemesCert}). The JDK's defaults, {@code rsa_pkcs1_sha1},
 * {@code ecdsa_sha1} and {@code dsa_sha1 usage HandshakeSignature}, so refuse SHA-1 in handshakes and
 * keep accepting it in certificates, as SunJSSE does;</li>
 * <li>wildcards ({@code TLS_RSA_*}) and {@code include} lists: algorithm constraints
 * ({@link PolicyConstraints}) that refuse every cipher suite or name they match;</li>
 * <li>{@code jdk.tls.namedGroups}: the groups, in the property's order, or the JDK's default groups when
 * it is not set (BouncyCastle's own default lacks ffdhe6144 and ffdhe8192 and adds the brainpool TLS 1.3
 * curves).</li>
 * </ul>
 * Entries of {@code jdk.certpath.disabledAlgorithms} that BouncyCastle skips ({@code SHA1 jdkCA & usage
 * TLSServer}) are certificate path checks: the trust manager applies them, and with the JDK's
 * {@code PKIX} or {@code SunX509} trust managers (the default) it is the same code SunJSSE runs.
 * Anything else that neither BouncyCastle nor this class can honour is reported by {@link #unenforced()}.
 */
public final class JdkTlsPolicy {

    private static final System.Logger LOG = System.getLogger(JdkTlsPolicy.class.getName());

    /**
     * BouncyCastle's signature schemes with their JCA algorithms, in BouncyCastle's default order (its
     * {@code SignatureSchemeInfo}), without the post-quantum and SM2 schemes it offers only on request.
     */
    private static final List<Scheme> SCHEMES = List.of(
            new Scheme("ed25519", "Ed25519"), new Scheme("ed448", "Ed448"),
            new Scheme("ecdsa_secp256r1_sha256", "SHA256withECDSA"),
            new Scheme("ecdsa_secp384r1_sha384", "SHA384withECDSA"),
            new Scheme("ecdsa_secp521r1_sha512", "SHA512withECDSA"),
            new Scheme("ecdsa_brainpoolP256r1tls13_sha256", "SHA256withECDSA"),
            new Scheme("ecdsa_brainpoolP384r1tls13_sha384", "SHA384withECDSA"),
            new Scheme("ecdsa_brainpoolP512r1tls13_sha512", "SHA512withECDSA"),
            new Scheme("rsa_pss_pss_sha256", "SHA256withRSAandMGF1"),
            new Scheme("rsa_pss_pss_sha384", "SHA384withRSAandMGF1"),
            new Scheme("rsa_pss_pss_sha512", "SHA512withRSAandMGF1"),
            new Scheme("rsa_pss_rsae_sha256", "SHA256withRSAandMGF1"),
            new Scheme("rsa_pss_rsae_sha384", "SHA384withRSAandMGF1"),
            new Scheme("rsa_pss_rsae_sha512", "SHA512withRSAandMGF1"),
            new Scheme("rsa_pkcs1_sha256", "SHA256withRSA"), new Scheme("rsa_pkcs1_sha384", "SHA384withRSA"),
            new Scheme("rsa_pkcs1_sha512", "SHA512withRSA"),
            new Scheme("dsa_sha256", "SHA256withDSA"), new Scheme("ecdsa_sha224", "SHA224withECDSA"),
            new Scheme("rsa_sha224", "SHA224withRSA"), new Scheme("dsa_sha224", "SHA224withDSA"),
            new Scheme("ecdsa_sha1", "SHA1withECDSA"), new Scheme("rsa_pkcs1_sha1", "SHA1withRSA"),
            new Scheme("dsa_sha1", "SHA1withDSA"), new Scheme("rsa_md5", "MD5withRSA"));

    /** The named groups BouncyCastle 1.84 can negotiate, by the names the JDK and BouncyCastle share. */
    private static final List<String> KNOWN_GROUPS = List.of(
            "x25519", "x448", "secp256r1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072", "ffdhe4096",
            "ffdhe6144", "ffdhe8192", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
            "brainpoolP256r1tls13", "brainpoolP384r1tls13", "brainpoolP512r1tls13", "secp256k1",
            "X25519MLKEM768", "SecP256r1MLKEM768", "SecP384r1MLKEM1024", "MLKEM512", "MLKEM768", "MLKEM1024");

    /**
     * The JDK 25 default groups, in its order ({@code NamedGroup.SupportedGroups}), then the hybrid
     * X25519MLKEM768 that BouncyCastle offers by default and EngineTLS keeps, last as BouncyCastle puts it.
     */
    private static final List<String> DEFAULT_GROUPS = List.of(
            "x25519", "secp256r1", "secp384r1", "secp521r1", "x448",
            "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192", "X25519MLKEM768");

    private final List<String> clientHandshakeSchemes;
    private final List<String> serverHandshakeSchemes;
    private final List<String> clientCertificateSchemes;
    private final List<String> serverCertificateSchemes;
    private final Set<String> handshakeDisabled;
    private final Set<String> certificateDisabled;
    private final List<String> namedGroups;
    private final PolicyConstraints constraints;
    private final List<String> unenforced;
    /*
     * The lists again as arrays, made once per policy: every connection is given one of them, and
     * BouncyCastle copies what it is given, so sharing them is safe. Index 0 is the client's, 1 the server's.
     */
    private final String[][] handshakeArrays;
    private final String[][] certificateArrays;
    private final String[] namedGroupArray;

    private JdkTlsPolicy(Builder builder) {
        this.handshakeDisabled = Set.copyOf(builder.handshakeDisabled);
        this.certificateDisabled = Set.copyOf(builder.certificateDisabled);
        this.clientHandshakeSchemes = without(builder.clientSchemes, handshakeDisabled);
        this.serverHandshakeSchemes = without(builder.serverSchemes, handshakeDisabled);
        this.clientCertificateSchemes = without(builder.clientSchemes, certificateDisabled);
        this.serverCertificateSchemes = without(builder.serverSchemes, certificateDisabled);
        this.namedGroups = List.copyOf(builder.namedGroups);
        this.constraints = new PolicyConstraints(builder.refusedNames, builder.refusedPatterns);
        this.unenforced = List.copyOf(builder.unenforced);
        this.handshakeArrays = new String[][] {
                clientHandshakeSchemes.toArray(String[]::new), serverHandshakeSchemes.toArray(String[]::new)};
        this.certificateArrays = new String[][] {
                clientCertificateSchemes.toArray(String[]::new), serverCertificateSchemes.toArray(String[]::new)};
        this.namedGroupArray = namedGroups.toArray(String[]::new);
    }

    private static volatile JdkTlsPolicy jvm;

    /**
     * The policy of this JVM, read once, as the JDK reads its policy once; the entries it cannot honour are
     * logged then, once.
     *
     * @throws IllegalArgumentException if the JVM's settings are unusable (the next call reads them again)
     */
    public static JdkTlsPolicy jvm() {
        JdkTlsPolicy policy = jvm;
        if (policy == null) {
            synchronized (JdkTlsPolicy.class) {
                policy = jvm;
                if (policy == null) {
                    policy = read(Security::getProperty, System::getProperty);
                    for (String entry : policy.unenforced()) {
                        LOG.log(System.Logger.Level.WARNING, "EngineTLS cannot enforce the security policy entry \""
                                + entry + "\": neither BouncyCastle's TLS nor EngineTLS understands it, so it has no "
                                + "effect on EngineTLS connections");
                    }
                    jvm = policy;
                }
            }
        }
        return policy;
    }

    /**
     * The policy the given properties describe.
     *
     * @param securityProperty the JDK's security properties ({@code Security::getProperty})
     * @param systemProperty the system properties ({@code System::getProperty})
     * @throws IllegalArgumentException if {@code jdk.tls.namedGroups} names no group EngineTLS supports
     *         (the JDK refuses such a setting too)
     */
    public static JdkTlsPolicy read(UnaryOperator<String> securityProperty, UnaryOperator<String> systemProperty) {
        Builder builder = new Builder();
        builder.clientSchemes = schemes(systemProperty.apply("jdk.tls.client.SignatureSchemes"));
        builder.serverSchemes = schemes(systemProperty.apply("jdk.tls.server.SignatureSchemes"));
        for (String entry : entries(securityProperty.apply("jdk.tls.disabledAlgorithms"))) {
            builder.tlsEntry(entry, securityProperty);
        }
        builder.namedGroups = groups(systemProperty.apply("jdk.tls.namedGroups"));
        return new JdkTlsPolicy(builder);
    }

    /** Signature schemes for handshake signatures, in order of preference, by BouncyCastle name. */
    public List<String> handshakeSchemes(boolean client) {
        return client ? clientHandshakeSchemes : serverHandshakeSchemes;
    }

    /** Signature schemes for certificate signatures, in order of preference. */
    public List<String> certificateSchemes(boolean client) {
        return client ? clientCertificateSchemes : serverCertificateSchemes;
    }

    /** The named groups, in order of preference. */
    public List<String> namedGroups() {
        return namedGroups;
    }

    /** Constraints for the entries BouncyCastle never matches (wildcards, included lists). */
    public PolicyConstraints constraints() {
        return constraints;
    }

    /** The entries nobody enforces (each is logged once for the JVM's policy). */
    public List<String> unenforced() {
        return unenforced;
    }

    /**
     * Applies the policy to one connection's parameters, as the JDK applies it on top of what the
     * application chose: a list the application set is kept minus what the policy disables; where it set
     * none, or left this policy's default for the other side, this side's default goes in; algorithm
     * constraints of the application's are kept and joined with this policy's.
     */
    public void applyTo(BCSSLParameters parameters, boolean client) {
        parameters.setSignatureSchemes(choose(parameters.getSignatureSchemes(), handshakeArrays, client, handshakeDisabled));
        parameters.setSignatureSchemesCert(choose(parameters.getSignatureSchemesCert(), certificateArrays, client,
                certificateDisabled));
        if (parameters.getNamedGroups() == null) {
            parameters.setNamedGroups(namedGroupArray);
        }
        parameters.setAlgorithmConstraints(constraints.joinedWith(parameters.getAlgorithmConstraints()));
    }

    /** Applies the policy to a BouncyCastle engine, for its current client or server mode. */
    public void applyTo(SSLEngine engine) {
        if (engine instanceof BCSSLEngine bc) {
            BCSSLParameters parameters = bc.getParameters();
            applyTo(parameters, engine.getUseClientMode());
            bc.setParameters(parameters);
        }
    }

    /** Applies the policy to a BouncyCastle socket, for its current client or server mode. */
    public void applyTo(SSLSocket socket) {
        if (socket instanceof BCSSLSocket bc) {
            BCSSLParameters parameters = bc.getParameters();
            applyTo(parameters, socket.getUseClientMode());
            bc.setParameters(parameters);
        }
    }

    /**
     * Applies the policy to a BouncyCastle server socket. BouncyCastle takes only the JDK's parameters
     * there, which have no list for certificate signatures; the sockets it accepts get the whole policy
     * ({@link EngineTlsServerSocket}).
     */
    public void applyTo(SSLServerSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        boolean client = socket.getUseClientMode();
        parameters.setSignatureSchemes(choose(parameters.getSignatureSchemes(), handshakeArrays, client, handshakeDisabled));
        if (parameters.getNamedGroups() == null) {
            parameters.setNamedGroups(namedGroupArray);
        }
        if (parameters.getAlgorithmConstraints() == null) {
            parameters.setAlgorithmConstraints(constraints.asJdkConstraints());
        }
        socket.setSSLParameters(parameters);
    }

    /** The defaults a context reports ({@code SSLContext.getDefaultSSLParameters()}, client side). */
    public void applyTo(SSLParameters parameters) {
        parameters.setSignatureSchemes(handshakeArrays[0]);
        parameters.setNamedGroups(namedGroupArray);
    }

    /**
     * The list a connection gets: this side's default where the application set none or left the other
     * side's default in place (the client mode changed), else the application's minus what is disabled.
     * The result may be one of {@code defaults}: the parameters it goes into copy it.
     */
    private static String[] choose(String[] current, String[][] defaults, boolean client, Set<String> disabled) {
        String[] mine = defaults[client ? 0 : 1];
        String[] other = defaults[client ? 1 : 0];
        if (current == null || (!Arrays.equals(mine, other) && Arrays.equals(current, other))) {
            return mine;
        }
        for (String scheme : current) {
            if (disabled.contains(scheme.toLowerCase(Locale.ROOT))) {
                return without(Arrays.asList(current), disabled).toArray(String[]::new);
            }
        }
        return current;
    }

    private static List<String> without(List<String> schemes, Set<String> disabled) {
        return schemes.stream().filter(scheme -> !disabled.contains(scheme.toLowerCase(Locale.ROOT))).toList();
    }

    /** Entries of a JDK algorithm list: comma-separated, surrounding quotes and blanks removed. */
    static List<String> entries(String value) {
        if (value == null) {
            return List.of();
        }
        String unquoted = value.trim();
        if (unquoted.length() > 1 && unquoted.startsWith("\"") && unquoted.endsWith("\"")) {
            unquoted = unquoted.substring(1, unquoted.length() - 1);
        }
        List<String> entries = new ArrayList<>();
        for (String entry : unquoted.split(",")) {
            String trimmed = entry.trim().replaceAll("\\s+", " ");
            if (!trimmed.isEmpty()) {
                entries.add(trimmed);
            }
        }
        return entries;
    }

    private static List<String> schemes(String property) {
        List<String> names = entries(property);
        if (names.isEmpty()) {
            return SCHEMES.stream().map(Scheme::name).toList();
        }
        // as the JDK does, names it does not know are left out
        return names.stream().flatMap(name -> SCHEMES.stream().filter(s -> s.name().equalsIgnoreCase(name)))
                .map(Scheme::name).distinct().toList();
    }

    private static List<String> groups(String property) {
        List<String> names = entries(property);
        if (names.isEmpty()) {
            return DEFAULT_GROUPS;
        }
        List<String> groups = names.stream()
                .flatMap(name -> KNOWN_GROUPS.stream().filter(known -> known.equalsIgnoreCase(name))).distinct().toList();
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("System property jdk.tls.namedGroups (" + property
                    + ") contains no named group EngineTLS supports; supported: " + KNOWN_GROUPS);
        }
        return groups;
    }

    /** One signature scheme: its TLS name and the JCA algorithm it signs with. */
    private record Scheme(String name, String jcaAlgorithm) {

        /** Whether a policy entry's algorithm names this scheme: its name, its JCA name or a part of it. */
        boolean matches(String algorithm) {
            String wanted = canonical(algorithm);
            if (wanted.equals(canonical(name)) || wanted.equals(canonical(jcaAlgorithm))) {
                return true;
            }
            for (String part : canonical(jcaAlgorithm).split("WITH|AND")) {
                if (part.equals(wanted) || ("ECDSA".equals(part) && "EC".equals(wanted))) {
                    return true;
                }
            }
            return false;
        }

        private static String canonical(String algorithm) {
            return algorithm.toUpperCase(Locale.ROOT).replace("SHA-", "SHA");
        }
    }

    private static final class Builder {
        List<String> clientSchemes;
        List<String> serverSchemes;
        List<String> namedGroups;
        final Set<String> handshakeDisabled = new LinkedHashSet<>();
        final Set<String> certificateDisabled = new LinkedHashSet<>();
        final Set<String> refusedNames = new LinkedHashSet<>();
        final List<Pattern> refusedPatterns = new ArrayList<>();
        final List<String> unenforced = new ArrayList<>();

        void tlsEntry(String entry, UnaryOperator<String> securityProperty) {
            String[] words = entry.split(" ");
            if (words[0].equalsIgnoreCase("include") && words.length == 2) {
                // the JDK inlines the named property's entries (jdk.disabled.namedCurves); BouncyCastle skips the line
                for (String included : entries(securityProperty.apply(words[1]))) {
                    if (included.contains(" ")) {
                        unenforced.add(entry + ": " + included);
                    } else {
                        refusedNames.add(included.toLowerCase(Locale.ROOT));
                    }
                }
            } else if (words.length == 1) {
                if (entry.contains("*")) {
                    refusedPatterns.add(Pattern.compile(Pattern.quote(entry).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE));
                }
                // else: a plain entry, which BouncyCastle enforces itself
            } else if (words.length > 2 && words[1].equals("usage") && !entry.contains("&")) {
                usage(entry, words);
            } else if (!(words.length == 4 && words[1].equals("keySize"))) {
                unenforced.add("jdk.tls.disabledAlgorithms: " + entry);
            }
            // keySize limits BouncyCastle enforces itself
        }

        private void usage(String entry, String[] words) {
            List<Scheme> named = SCHEMES.stream().filter(scheme -> scheme.matches(words[0])).toList();
            for (int i = 2; i < words.length; i++) {
                Set<String> target = switch (words[i]) {
                    case "HandshakeSignature" -> handshakeDisabled;
                    case "CertificateSignature" -> certificateDisabled;
                    default -> null;
                };
                if (target == null || named.isEmpty()) {
                    unenforced.add("jdk.tls.disabledAlgorithms: " + entry);
                    return;
                }
                named.forEach(scheme -> target.add(scheme.name().toLowerCase(Locale.ROOT)));
            }
        }
    }
}
