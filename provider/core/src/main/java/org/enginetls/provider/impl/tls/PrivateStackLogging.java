package org.enginetls.provider.impl.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What BouncyCastle's JSSE logs while it works for EngineTLS's private instance goes to the logger
 * {@value #CONNECTIONS}, one level finer, instead of BouncyCastle's own loggers. At the JDK's default
 * level (INFO) an EngineTLS server therefore logs nothing per connection and nothing for a peer's bad
 * input; {@code org.enginetls.provider.connections.level = FINE} in the logging configuration shows
 * BouncyCastle's per-connection lines again (FINER and FINEST its details).
 *
 * <p>BouncyCastle logs through {@code java.util.logging}, one logger per class, shared by every
 * BouncyCastle JSSE instance in the JVM: lowering those loggers' levels would silence the
 * application's own uses of BouncyCastle too. So their levels stay as the user configured them, and
 * each gets a {@link Filter} that only takes out the records produced on EngineTLS's behalf: those
 * logged while EngineTLS code is on the calling thread's stack (an {@code SSLEngine} call, its delegated
 * task or async job, an {@link EngineTlsSocket} call or stream, creating a context). Any filter the user
 * had set keeps deciding about the rest.
 */
public final class PrivateStackLogging {

    /** The logger of everything BouncyCastle says for EngineTLS connections. */
    public static final String CONNECTIONS = "org.enginetls.provider.connections";

    /** BouncyCastle 1.84's JSSE classes that have a logger. */
    private static final List<String> BOUNCY_CASTLE_LOGGERS = List.of(
            "DefaultSSLContextSpi", "DisabledAlgorithmConstraints", "NamedGroupInfo", "PropertyUtils",
            "ProvAlgorithmConstraints", "ProvKeyManagerFactorySpi", "ProvSSLContextSpi", "ProvSSLEngine",
            "ProvSSLSessionContext", "ProvSSLSocketDirect", "ProvSSLSocketWrap", "ProvTlsClient",
            "ProvTlsClientProtocol", "ProvTlsServer", "ProvTrustManagerFactorySpi", "ProvX509Key",
            "ProvX509KeyManager", "ProvX509KeyManagerSimple", "ProvX509TrustManager", "SignatureSchemeInfo",
            "X509KeyManagerUtil", "X509TrustManagerUtil").stream()
            .map(name -> "org.bouncycastle.jsse.provider." + name).toList();

    /** Our code: any frame of it means the record is about EngineTLS's private instance. */
    private static final String OURS = "org.enginetls.provider.impl.";

    private static final Logger CONNECTIONS_LOGGER = Logger.getLogger(CONNECTIONS);
    /** java.util.logging holds loggers weakly: a filter on a collected logger would be lost. */
    private static final List<Logger> FILTERED = new ArrayList<>();

    private PrivateStackLogging() {
    }

    /**
     * Installs the filters, once for all EngineTLS instances of this class loader (they share
     * BouncyCastle's classes). A filter that another revision of this bundle left in place is replaced,
     * not wrapped, so no revision's class loader stays reachable from the JDK's loggers.
     */
    public static synchronized void install() {
        if (!FILTERED.isEmpty()) {
            return;
        }
        for (String name : BOUNCY_CASTLE_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            Filter current = logger.getFilter();
            logger.setFilter(new PrivateStackFilter(isPrivateStackFilter(current) ? usersOf(current) : current));
            FILTERED.add(logger);
        }
    }

    /**
     * Puts back the filters the loggers had before {@link #install}, where ours is still in place: in OSGi,
     * when the provider's component goes, so that the loggers (the JDK's) do not keep its class loader.
     */
    public static synchronized void uninstall() {
        for (Logger logger : FILTERED) {
            if (logger.getFilter() instanceof PrivateStackFilter mine) {
                logger.setFilter(mine.users());
            }
        }
        FILTERED.clear();
    }

    /** Whether {@code filter} is this class's filter, from this or another revision of the bundle. */
    private static boolean isPrivateStackFilter(Filter filter) {
        return filter != null && filter.getClass().getName().equals(PrivateStackFilter.class.getName());
    }

    @SuppressWarnings("unchecked")
    private static Filter usersOf(Filter filter) {
        return ((Supplier<Filter>) filter).get();
    }

    /** The filter; a {@link Supplier} of the user's filter, a JDK type another revision can ask. */
    private record PrivateStackFilter(Filter users) implements Filter, Supplier<Filter> {

        @Override
        public Filter get() {
            return users;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            if (!onBehalfOfEngineTls()) {
                return users == null || users.isLoggable(record);
            }
            Level level = finer(record.getLevel());
            if (CONNECTIONS_LOGGER.isLoggable(level)) {
                LogRecord moved = new LogRecord(level, record.getMessage());
                moved.setLoggerName(CONNECTIONS);
                moved.setParameters(record.getParameters());
                moved.setThrown(record.getThrown());
                moved.setSourceClassName(record.getSourceClassName());
                moved.setSourceMethodName(record.getSourceMethodName());
                moved.setInstant(record.getInstant());
                CONNECTIONS_LOGGER.log(moved);
            }
            return false;
        }

        private static boolean onBehalfOfEngineTls() {
            return StackWalker.getInstance().walk(frames -> frames
                    .map(StackWalker.StackFrame::getClassName)
                    .anyMatch(name -> name.startsWith(OURS) && !name.startsWith(PrivateStackLogging.class.getName())));
        }

        /** BouncyCastle's INFO and WARNING lines per connection are debugging detail for EngineTLS users. */
        private static Level finer(Level level) {
            int value = level.intValue();
            if (value >= Level.INFO.intValue()) {
                return Level.FINE;
            }
            return value >= Level.FINE.intValue() ? Level.FINER : Level.FINEST;
        }
    }
}
