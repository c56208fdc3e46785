package org.enginetls.provider.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An external program a test talks to (an {@code openssl} or {@code gnutls-cli} peer, a child JVM):
 * standard error is merged into standard output, which a daemon thread collects line by line, so
 * reading never blocks the test and waiting for a line is always bounded. {@link #close()} kills
 * whatever is still running; use it in {@code finally} or try-with-resources.
 */
public final class PeerProcess implements AutoCloseable {

    /** How long a test waits for a line or for the process to end, unless it says otherwise. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final List<String> command;
    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean outputEnded;

    private PeerProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("peer-output-" + process.pid()).start(this::collect);
    }

    /** Starts {@code command} in {@code directory}. */
    public static PeerProcess start(Path directory, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        return new PeerProcess(List.copyOf(command), builder.start());
    }

    /** Starts {@code command} in {@code directory}. */
    public static PeerProcess start(Path directory, String... command) throws IOException {
        return start(directory, List.of(command));
    }

    /** Whether {@code program} can be run here (found on the {@code PATH}). */
    public static boolean isInstalled(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the first output line (from the start) that {@code matches}, and returns it.
     *
     * @throws AssertionError with everything printed so far, if no such line came in time or the
     *         output ended without one
     */
    public String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (matches.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (outputEnded || left <= 0) {
                    throw new AssertionError((outputEnded ? "output ended" : "timed out") + " without the expected line\n"
                            + describe());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Waits for a line that starts with {@code prefix}. */
    public String awaitLineStartingWith(String prefix) throws InterruptedException {
        return awaitLine(line -> line.startsWith(prefix), DEFAULT_WAIT);
    }

    /** Writes {@code line} and a newline to the process's standard input. */
    public void writeLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the process's standard input (end of file for the peer). */
    public void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Waits for the process to exit and for its output to be collected, and returns the exit code.
     *
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("did not exit within " + timeout + "\n" + describe());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /** Waits (bounded by {@link #DEFAULT_WAIT}) for the exit and asserts the exit code is 0. */
    public void awaitSuccess() throws InterruptedException {
        int code = awaitExit(DEFAULT_WAIT);
        if (code != 0) {
            throw new AssertionError("exit code " + code + "\n" + describe());
        }
    }

    /** Everything printed so far. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The command and its output so far, for failure messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\n" + output();
    }

    /** Kills the process if it still runs, and waits a bounded time for it to go. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void collect() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the stream is closed when the process is killed: what was read is all there is
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }
}
