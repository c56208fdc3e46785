package org.enginetls.provider.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.rules.ExternalResource;

/**
 * A rule that records what one {@code java.util.logging} logger publishes during a test. The logger is opened to
 * every level while the test runs (so a test can see that something was not logged above a level as well as that it
 * was), and its level and handlers are as before afterwards.
 */
public final class LogCapture extends ExternalResource {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;

    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    @Override
    protected void before() {
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @Override
    protected void after() {
        logger.removeHandler(handler);
        logger.setLevel(level);
    }

    /** Every record published so far, in order. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages of the records at {@code lowest} or above, in order. */
    public List<String> messages(Level lowest) {
        return records.stream().filter(record -> record.getLevel().intValue() >= lowest.intValue())
                .map(LogRecord::getMessage).toList();
    }
}
