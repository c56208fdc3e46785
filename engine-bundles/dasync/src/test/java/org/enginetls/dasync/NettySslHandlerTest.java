package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.dasync.NettyEndpoints.Collector;
import org.enginetls.dasync.NettyEndpoints.Echo;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Test;

/**
 * Netty's {@link SslHandler} over EngineTLS engines <em>without</em> async mode: the handshake's
 * engine work reaches Netty as JSSE delegated tasks ({@code NEED_TASK}), which the handler hands to
 * the executor it was given, off the event loop, while dasync completes every asymmetric operation
 * on its own thread. A real server and client talk over 127.0.0.1.
 */
public class NettySslHandlerTest {

    private static final long WAIT_SECONDS = 20;
    private static final String MESSAGE = "through netty, dasync and delegated tasks";

    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "1")));
    private final CountingExecutor delegatedTasks = new CountingExecutor(Executors.newFixedThreadPool(2));
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final TlsPeers peers;

    public NettySslHandlerTest() {
        // only this dasync: the module's own services file would add another
        EngineTlsProvider provider = new EngineTlsProvider(Map.of("classPathEngines", false));
        provider.addEngine(dasync);
        peers = new TlsPeers(provider);
    }

    @After
    public void shutDown() throws InterruptedException {
        Future<?> boss = bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Future<?> workers = workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boolean stopped = boss.await(WAIT_SECONDS, TimeUnit.SECONDS) & workers.await(WAIT_SECONDS, TimeUnit.SECONDS);
        delegatedTasks.delegate.shutdownNow();
        stopped &= delegatedTasks.delegate.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        dasync.close();
        assertTrue("event loops and the task executor stopped", stopped);
    }

    @Test
    public void tls13HandshakeRunsAsDelegatedTasksOnTheGivenExecutorAndEchoes() throws Exception {
        handshakeEchoAndClose("TLSv1.3");
    }

    @Test
    public void tls12HandshakeRunsAsDelegatedTasksOnTheGivenExecutorAndEchoes() throws Exception {
        handshakeEchoAndClose("TLSv1.2");
    }

    private void handshakeEchoAndClose(String protocol) throws Exception {
        SSLContext serverContext = peers.server(protocol, TestPki.leaf(TestPki.KeyType.EC_P256));
        SSLContext clientContext = peers.client(protocol);
        CompletableFuture<SslHandler> serverHandler = new CompletableFuture<>();
        Channel server = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SSLEngine engine = serverContext.createSSLEngine();
                        engine.setUseClientMode(false);
                        SslHandler ssl = new SslHandler(engine, delegatedTasks);
                        channel.pipeline().addLast(ssl, new Echo());
                        serverHandler.complete(ssl);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();

        SSLEngine clientEngine = clientContext.createSSLEngine("localhost", port);
        clientEngine.setUseClientMode(true);
        assertFalse("no async mode: the work must come as delegated tasks", ((AsyncSSLEngine) clientEngine).isAsyncMode());
        SslHandler clientSsl = new SslHandler(clientEngine, delegatedTasks);
        Collector received = new Collector(MESSAGE.length());
        Channel client = new Bootstrap()
                .group(workerGroup)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(clientSsl, received);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        try {
            assertTrue("client handshake finished in time", clientSsl.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("client handshake succeeded: " + clientSsl.handshakeFuture().cause(), clientSsl.handshakeFuture().isSuccess());
            SslHandler serverSsl = serverHandler.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue("server handshake finished in time", serverSsl.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("server handshake succeeded: " + serverSsl.handshakeFuture().cause(), serverSsl.handshakeFuture().isSuccess());
            assertEquals(protocol, clientEngine.getSession().getProtocol());
            assertEquals(protocol, serverSsl.engine().getSession().getProtocol());

            client.writeAndFlush(Unpooled.copiedBuffer(MESSAGE, StandardCharsets.UTF_8));
            assertEquals(MESSAGE, received.text.get(WAIT_SECONDS, TimeUnit.SECONDS));

            assertTrue("close_notify sent", clientSsl.closeOutbound().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("the server saw the client's close_notify", serverSsl.sslCloseFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("the server answered with its close_notify", clientSsl.sslCloseFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(clientEngine.isOutboundDone());
            assertTrue(clientEngine.isInboundDone());
        } finally {
            client.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
            server.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        assertTrue("Netty ran delegated tasks on the given executor", delegatedTasks.ran() > 0);
        assertTrue("dasync did the asymmetric work", dasync.completions() >= 4);
        assertEquals("no request left in dasync", 0, dasync.pendingRequests());
    }
}
