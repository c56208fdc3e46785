package org.enginetls.dasync;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The application ends of the Netty tests' pipelines: a server that echoes, a client that collects. */
final class NettyEndpoints {

    private NettyEndpoints() {
    }

    /** Writes back whatever it reads. */
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Collects decrypted bytes until the expected number arrived. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        private final int expected;
        private final StringBuilder seen = new StringBuilder();
        final CompletableFuture<String> text = new CompletableFuture<>();

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buffer = (ByteBuf) msg;
            try {
                seen.append(buffer.toString(StandardCharsets.UTF_8));
            } finally {
                buffer.release();
            }
            if (seen.length() >= expected) {
                text.complete(seen.toString());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            text.completeExceptionally(cause);
        }
    }
}
