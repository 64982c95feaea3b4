package dev.secrets.sops.internal;

import dev.secrets.sops.stores.ValueText;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GoFloatTest {
    @Test
    void formatFIsShortestWithoutExponent() {
        assertEquals("1.5", GoFloat.formatF(1.5));
        assertEquals("25.4", GoFloat.formatF(25.4));
        assertEquals("1", GoFloat.formatF(1.0));
        assertEquals("100", GoFloat.formatF(100.0));
        assertEquals("1234568000", GoFloat.formatF(1.234568e9));
        assertEquals("1000000000000000000000", GoFloat.formatF(1e21));
        assertEquals("0.0000001", GoFloat.formatF(1e-7));
        assertEquals("0.1", GoFloat.formatF(0.1));
        assertEquals("-0", GoFloat.formatF(-0.0));
        assertEquals("0", GoFloat.formatF(0.0));
        assertEquals("+Inf", GoFloat.formatF(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", GoFloat.formatF(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", GoFloat.formatF(Double.NaN));
        // JDK 17's Double.toString gives 2.0E-3 style and non-shortest digits for some values
        assertEquals("0.3", GoFloat.formatF(0.3));
        assertEquals("0.30000000000000004", GoFloat.formatF(0.1 + 0.2));
        assertEquals("20000000000000000000", GoFloat.formatF(2e19));
        assertEquals("5e-324", GoFloat.formatE(Double.MIN_VALUE, 'e'));
    }

    @Test
    void jsonSwitchesToExponentLikeEncodingJson() {
        assertEquals("1e+21", GoFloat.formatJson(1e21));
        assertEquals("1e-7", GoFloat.formatJson(1e-7)); // encoding/json shortens e-07 to e-7
        assertEquals("1.5e-10", GoFloat.formatJson(1.5e-10));
        assertEquals("0.000001", GoFloat.formatJson(1e-6));
        assertEquals("100000000000000000000", GoFloat.formatJson(1e20));
        assertEquals("0.1", GoFloat.formatJson(0.1));
        assertEquals("-1.2345e+300", GoFloat.formatJson(-1.2345e300));
        assertEquals("5e-324", GoFloat.formatJson(Double.MIN_VALUE));
    }

    @Test
    void valToStringUsesGWithPointZero() {
        assertEquals("1.0", ValueText.valToString(1.0));
        assertEquals("100.0", ValueText.valToString(100.0));
        assertEquals("0.5", ValueText.valToString(0.5));
        assertEquals("123456.5", ValueText.valToString(123456.5));
        assertEquals("1.234567E+06", ValueText.valToString(1234567.0));
        assertEquals("1E+21", ValueText.valToString(1e21));
        assertEquals("0.0001", ValueText.valToString(1e-4));
        assertEquals("1E-05", ValueText.valToString(1e-5));
        assertEquals("-0.0", ValueText.valToString(-0.0));
        assertEquals("5", ValueText.valToString(5L));
        assertEquals("true", ValueText.valToString(true));
        assertEquals("2024-01-01T00:00:00Z",
                ValueText.valToString(java.time.OffsetDateTime.parse("2024-01-01T00:00:00.5Z")));
        assertEquals("2006-01-02T15:04:05+07:06",
                ValueText.valToString(java.time.OffsetDateTime.parse("2006-01-02T15:04:05+07:06")));
    }
}
