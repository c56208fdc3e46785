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

    @Test
    public void reportedFiguresAreNumbersBooleansOrStrings() {
        assertEquals("7", Json.value(7));
        assertEquals("0.25", Json.value(0.25));
        assertEquals("true", Json.value(true));
        assertEquals("\"softhsm\"", Json.value("softhsm"));
        assertEquals("no NaN literal in JSON", "\"NaN\"", Json.value(Double.NaN));
        assertEquals("null", Json.value(null));
    }
}
