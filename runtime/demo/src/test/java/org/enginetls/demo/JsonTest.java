package org.enginetls.demo;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class JsonTest {

    @Test
    public void quotesEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"", Json.quote("a\"b\\c\nd\te\u0001f\u2028"));
    }

    @Test
    public void nonAsciiTextStaysAsItIs() {
        assertEquals("\"Grüße €\"", Json.quote("Grüße €"));
    }

    @Test
    public void nullIsTheNullLiteral() {
        assertEquals("null", Json.quote(null));
    }
}
