package org.enginetls.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * BCJSSE logs several INFO lines per connection through java.util.logging; thousands of handshakes
 * a second would measure the console. The logger is held here so its level is never lost to GC.
 */
final class BouncyCastleLogging {

    private static final Logger BOUNCY_CASTLE = Logger.getLogger("org.bouncycastle");

    private BouncyCastleLogging() {
    }

    static void silence() {
        BOUNCY_CASTLE.setLevel(Level.OFF);
    }
}
