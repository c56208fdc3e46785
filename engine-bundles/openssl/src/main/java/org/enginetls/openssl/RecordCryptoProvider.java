package org.enginetls.openssl;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * The engine's record ciphers and MAC as a JCA provider, so that {@code Cipher.getInstance(transformation, this)}
 * and {@code Mac.getInstance(algorithm, this)} give the standard {@code Cipher} and {@code Mac} objects the engine
 * SPI hands out, with the JCA's own argument and state checks in front of ours. Private to the engine: it is
 * never added to the JVM's provider list.
 */
final class RecordCryptoProvider extends Provider {

    private static final long serialVersionUID = 1L;

    /** The record ciphers, under the names the TLS stack asks for; AES-GCM only if {@code aesGcm}. */
    static List<String> ciphers(boolean aesGcm) {
        List<String> chaCha = List.of(AeadCipher.Algorithm.CHACHA20_POLY1305.transformation(), ChaCha7539Cipher.NAME);
        if (!aesGcm) {
            return chaCha;
        }
        List<String> all = new java.util.ArrayList<>(chaCha);
        all.add(AeadCipher.Algorithm.AES_GCM.transformation());
        return all;
    }

    /** The MACs. */
    static final List<String> MACS = List.of(Poly1305Mac.NAME);

    RecordCryptoProvider(LibCrypto lib) {
        super("EngineTLS-openssl", "1.0", "the openssl engine's record ciphers (" + lib.version() + ")");
        putService(new RecordService(this, "Cipher", AeadCipher.Algorithm.AES_GCM.transformation(),
                () -> new AeadCipher(lib, AeadCipher.Algorithm.AES_GCM)));
        putService(new RecordService(this, "Cipher", AeadCipher.Algorithm.CHACHA20_POLY1305.transformation(),
                () -> new AeadCipher(lib, AeadCipher.Algorithm.CHACHA20_POLY1305)));
        putService(new RecordService(this, "Cipher", ChaCha7539Cipher.NAME, () -> new ChaCha7539Cipher(lib)));
        putService(new RecordService(this, "Mac", Poly1305Mac.NAME, () -> new Poly1305Mac(lib)));
    }

    @FunctionalInterface
    private interface Factory {
        Object create();
    }

    private static final class RecordService extends Provider.Service {
        private final Factory factory;

        RecordService(Provider provider, String type, String algorithm, Factory factory) {
            super(provider, type, algorithm, factory.getClass().getName(), List.of(), Map.of());
            this.factory = factory;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return factory.create();
        }
    }
}
