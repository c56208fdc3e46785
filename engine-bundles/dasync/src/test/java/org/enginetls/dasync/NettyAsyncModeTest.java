package org.enginetls.dasync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

import org.enginetls.async.AsyncCallback;
import org.enginetls.async.AsyncSSLEngine;
import org.enginetls.dasync.NettyEndpoints.Collector;
import org.enginetls.dasync.NettyEndpoints.Echo;
import org.enginetls.provider.EngineTlsProvider;
import org.enginetls.provider.testing.TestPki;
import org.enginetls.provider.testing.TlsPeers;
import org.junit.After;
import org.junit.Test;

/**
 * Netty's {@link SslHandler} over EngineTLS engines <em>in async mode</em>: a paused job makes the
 * engine answer {@code NEED_TASK} with no task, and the async callback schedules the resume on the
 * channel's event loop (a read of what the handler holds, and a flush). SslHandler sizes its
 * buffers from {@code getSession()} on that same loop, so an accessor that blocked while a job
 * waits would hang the loop that must resume it. A real server and client over 127.0.0.1.
 */
public class NettyAsyncModeTest {

    private static final long WAIT_SECONDS = 20;
    private static final String MESSAGE = "through netty in async mode";

    private final DasyncEngine dasync = new DasyncEngine(DasyncSettings.from(Map.of("latency.ms", "2", "eagain.every", "3")));
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final AtomicInteger wakes = new AtomicInteger();
    private final TlsPeers peers;

    public NettyAsyncModeTest() {
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
        dasync.close();
        assertTrue("event loops stopped", stopped);
    }

    @Test
    public void tls13HandshakeEchoAndCloseWithTheCallbackResumingOnTheEventLoop() throws Exception {
        handshakeEchoAndClose("TLSv1.3");
    }

    @Test
    public void tls12HandshakeEchoAndCloseWithTheCallbackResumingOnTheEventLoop() throws Exception {
        handshakeEchoAndClose("TLSv1.2");
    }

    /** Wakes the channel given as the callback's argument on its own event loop. */
    private AsyncCallback resumeOnEventLoop() {
        return (engine, arg) -> {
            wakes.incrementAndGet();
            Channel channel = (Channel) arg;
            channel.eventLoop().execute(() -> {
                // the handler unwraps what it holds (resuming a paused unwrap) and wraps (resuming the rest)
                channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
                channel.flush();
            });
            return true;
        };
    }

    private SslHandler asyncHandler(SSLEngine engine, Channel channel) {
        AsyncSSLEngine async = (AsyncSSLEngine) engine;
        async.setAsyncMode(true);
        async.setAsyncCallback(resumeOnEventLoop());
        async.setAsyncCallbackArg(channel);
        return new SslHandler(engine);
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
                        SslHandler ssl = asyncHandler(engine, channel);
                        channel.pipeline().addLast(ssl, new Echo());
                        serverHandler.complete(ssl);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();

        Collector received = new Collector(MESSAGE.length());
        CompletableFuture<SslHandler> clientHandler = new CompletableFuture<>();
        Channel client = new Bootstrap()
                .group(workerGroup)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SSLEngine engine = clientContext.createSSLEngine("localhost", port);
                        engine.setUseClientMode(true);
                        SslHandler ssl = asyncHandler(engine, channel);
                        channel.pipeline().addLast(ssl, received);
                        clientHandler.complete(ssl);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        try {
            SslHandler clientSsl = clientHandler.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue("client handshake finished in time", clientSsl.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("client handshake succeeded: " + clientSsl.handshakeFuture().cause(), clientSsl.handshakeFuture().isSuccess());
            SslHandler serverSsl = serverHandler.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue("server handshake finished in time", serverSsl.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("server handshake succeeded: " + serverSsl.handshakeFuture().cause(), serverSsl.handshakeFuture().isSuccess());
            assertEquals(protocol, clientSsl.engine().getSession().getProtocol());

            client.writeAndFlush(Unpooled.copiedBuffer(MESSAGE, StandardCharsets.UTF_8));
            assertEquals(MESSAGE, received.text.get(WAIT_SECONDS, TimeUnit.SECONDS));

            assertTrue("close_notify sent", clientSsl.closeOutbound().await(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue("the server saw the client's close_notify", serverSsl.sslCloseFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            client.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
            server.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertTrue("jobs paused and their callbacks woke the event loops", wakes.get() > 0);
        assertEquals("no request left in dasync", 0, dasync.pendingRequests());
    }
}
