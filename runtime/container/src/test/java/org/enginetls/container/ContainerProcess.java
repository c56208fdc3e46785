package org.enginetls.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built container jar running as a separate process on 127.0.0.1, with its own data directory
 * and a port chosen here, fed shell commands on its standard input. Every wait is bounded; the
 * process is destroyed by {@link #close()} whatever happened.
 */
final class ContainerProcess implements AutoCloseable {

    /** Start-up includes a JVM, the framework and a first key generation: generous for a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final OutputStream shell;
    private final int port;
    private final Path dataDirectory;
    /** Every line the process printed (stdout and stderr), in order. */
    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final Thread collector;

    private ContainerProcess(Process process, int port, Path dataDirectory) {
        this.process = process;
        this.shell = process.getOutputStream();
        this.port = port;
        this.dataDirectory = dataDirectory;
        collector = Thread.ofPlatform().daemon().name("container-output").start(this::collectOutput);
    }

    /**
     * Starts {@code java -jar jar} in {@code directory}, listening on a free port, keeping its data
     * under {@code directory}, with the system properties {@code properties} ("key=value").
     */
    static ContainerProcess start(Path jar, Path directory, String... properties) throws IOException {
        int port = freePort();
        Path data = directory.resolve("data");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Denginetls.demo.port=" + port,
                "-Denginetls.demo.data=" + data));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        return new ContainerProcess(process, port, data);
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Process process() {
        return process;
    }

    private void collectOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
                unread.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Sends one line to the Gogo shell. */
    void command(String line) throws IOException {
        shell.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        shell.flush();
    }

    /** Closes the shell's standard input: end of file. */
    void closeInput() throws IOException {
        shell.close();
    }

    /** Waits for the next printed line {@code wanted} accepts; fails with the whole output after {@code timeout}. */
    String awaitLine(Predicate<String> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = unread.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no " + what + " within " + timeout + "; the container printed:\n" + output());
    }

    /** Whether something accepts TCP connections on the container's port right now. */
    boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for the process to end by itself, and for its last output to be read; its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || !collector.join(timeout)) {
            throw new AssertionError("the container did not stop within " + timeout + "; it printed:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Kills the process (and anything it started) if it still runs. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
