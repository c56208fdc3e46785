package org.enginetls.demo;

/** The JSON this demo writes by hand: string literals (RFC 8259, section 7) and the scalars engines report. */
final class Json {

    private Json() {
    }

    /** {@code value} as a JSON string literal, or {@code null} as the literal {@code null}. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // control characters must be escaped; U+2028/2029 too, so the text is also valid JavaScript
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * An engine's reported figure: finite numbers and booleans as they are, anything else (a string, a
     * NaN, an infinity) as a string literal.
     */
    static String value(Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.toString();
        }
        return quote(value == null ? null : value.toString());
    }
}
