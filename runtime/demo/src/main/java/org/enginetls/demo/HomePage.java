package org.enginetls.demo;

import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSession;

import org.enginetls.runtime.EngineDTO;

/** The page at {@code /}: what this connection negotiated, which engines run, and where to look next. */
final class HomePage {

    private HomePage() {
    }

    static String of(SSLSession session, List<EngineDTO> engineList) {
        StringBuilder engines = new StringBuilder();
        for (EngineDTO engine : engineList) {
            engines.append("<li><code>").append(escape(engine.id)).append("</code> (ranking ")
                    .append(engine.ranking).append(", ").append(engine.state.name().toLowerCase(Locale.ROOT))
                    .append(")</li>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>EngineTLS demo</title></head>
                <body>
                <h1>EngineTLS demo</h1>
                <p>This connection uses <strong>%s</strong> with <strong>%s</strong>, negotiated by the EngineTLS
                provider; every cryptographic operation of the handshake went through its crypto engines:</p>
                <ul>
                %s</ul>
                <p>Their counters: <a href="/status">/status</a> (JSON).</p>
                </body>
                </html>
                """.formatted(escape(session.getProtocol()), escape(session.getCipherSuite()), engines);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
