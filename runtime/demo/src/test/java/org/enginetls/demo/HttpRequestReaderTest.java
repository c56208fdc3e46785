package org.enginetls.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class HttpRequestReaderTest {

    private static HttpRequestReader reader(String bytes) {
        return new HttpRequestReader(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    public void readsPipelinedRequestsAndThenTheEndOfTheConnection() throws Exception {
        HttpRequestReader reader = reader("GET /status?x=1 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\n\r\n"
                + "HEAD / HTTP/1.0\nConnection: keep-alive\n\n");

        HttpRequest first = reader.next();
        HttpRequest second = reader.next();

        assertEquals("GET", first.method());
        assertEquals("/status", first.path());
        assertEquals("1, 2", first.header("X-A"));
        assertTrue(first.wantsKeepAlive());
        assertEquals("HEAD", second.method());
        assertTrue(second.wantsKeepAlive());
        assertNull(reader.next());
    }

    @Test
    public void http10ClosesUnlessAskedAndHttp11ClosesWhenAsked() throws Exception {
        assertFalse(reader("GET / HTTP/1.0\r\n\r\n").next().wantsKeepAlive());
        assertFalse(reader("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").next().wantsKeepAlive());
    }

    @Test
    public void requestWithBodyIsRecognised() throws Exception {
        assertTrue(reader("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").next().hasBody());
        assertTrue(reader("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").next().hasBody());
        assertFalse(reader("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").next().hasBody());
    }

    @Test
    public void malformedHeadsAreBadRequests() {
        for (String head : new String[] {
                "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
                "GET / HTTP/1.1\r\nName : value\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\n"}) {
            assertThrows(head, HttpRequestReader.BadRequestException.class, () -> reader(head).next());
        }
    }

    @Test
    public void headLargerThanTheLimitIsRejectedWithoutReadingOn() {
        String huge = "GET / HTTP/1.1\r\nX: " + "a".repeat(HttpRequestReader.MAX_HEAD_BYTES) + "\r\n\r\n";

        assertThrows(HttpRequestReader.BadRequestException.class, () -> reader(huge).next());
    }

    private static java.nio.ByteBuffer received(String text) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(2 * HttpRequestReader.MAX_HEAD_BYTES);
        buffer.put(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return buffer;
    }

    @Test
    public void takeWaitsUntilTheWholeHeadHasArrived() throws Exception {
        java.nio.ByteBuffer buffer = received("GET / HTTP/1.1\r\nHost: x\r\n");

        assertEquals(null, HttpRequestReader.take(buffer));

        buffer.put("\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("/", HttpRequestReader.take(buffer).target());
        assertEquals(0, buffer.position());
    }

    @Test
    public void takeLeavesAPipelinedSecondRequestForTheNextTake() throws Exception {
        java.nio.ByteBuffer buffer = received("\r\nGET /a HTTP/1.1\n\nGET /status HTTP/1.1\r\nHost: x\r\n\r\n");

        assertEquals("/a", HttpRequestReader.take(buffer).target());
        assertEquals("/status", HttpRequestReader.take(buffer).target());
        assertEquals(null, HttpRequestReader.take(buffer));
    }

    @Test
    public void takeRejectsAnUnendedHeadOnceItIsLongerThanTheLimit() {
        java.nio.ByteBuffer buffer = received("GET /" + "a".repeat(HttpRequestReader.MAX_HEAD_BYTES) + " HTTP/1.1");

        assertThrows(HttpRequestReader.BadRequestException.class, () -> HttpRequestReader.take(buffer));
    }
}
