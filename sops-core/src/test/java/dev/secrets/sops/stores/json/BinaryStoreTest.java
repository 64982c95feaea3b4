package dev.secrets.sops.stores.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secrets.sops.ExitCodes;
import dev.secrets.sops.SopsException;
import dev.secrets.sops.tree.Branch;
import dev.secrets.sops.tree.RawString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryStoreTest {
    @Test
    void validUtf8IsAStringAndRoundTrips() {
        BinaryStore store = new BinaryStore();
        byte[] text = "héllo\nwörld\r\n".getBytes(StandardCharsets.UTF_8);
        List<Branch> docs = store.loadPlain(text);
        assertEquals(new Branch().add("data", "héllo\nwörld\r\n"), docs.get(0));
        assertArrayEquals(text, store.emitPlain(docs));
    }

    @Test
    void invalidUtf8SurvivesByteForByte() {
        BinaryStore store = new BinaryStore();
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        List<Branch> docs = store.loadPlain(bytes);
        assertTrue(docs.get(0).get("data") instanceof RawString);
        assertArrayEquals(bytes, store.emitPlain(docs));
        assertArrayEquals(new byte[0], store.emitPlain(store.loadPlain(new byte[0])));
    }

    @Test
    void encryptedFormIsJson() {
        BinaryStore store = new BinaryStore();
        byte[] out = store.emitEncrypted(List.of(new Branch().add("data", "ENC[x]")), new Branch().add("version", "3.13.2"));
        assertEquals("{\n\t\"data\": \"ENC[x]\",\n\t\"sops\": {\n\t\t\"version\": \"3.13.2\"\n\t}\n}\n",
                new String(out, StandardCharsets.UTF_8));
        assertEquals(new Branch().add("version", "3.13.2"), store.loadEncrypted(out).metadata());
    }

    @Test
    void missingOrNonStringDataIsAnError() {
        BinaryStore store = new BinaryStore();
        SopsException e = assertThrows(SopsException.class, () -> store.emitPlain(List.of(new Branch().add("x", "y"))));
        assertEquals(ExitCodes.ERROR_DUMPING_TREE, e.exitCode());
        assertEquals("error emitting binary store: no binary data found in tree", e.getMessage());
        e = assertThrows(SopsException.class, () -> store.emitPlain(List.of(new Branch().add("data", 5L))));
        assertEquals("error emitting binary store: 'data' key in tree does not have a string value", e.getMessage());
        assertThrows(SopsException.class, () -> store.emitValue(5L));
    }

    @Test
    void aBinaryPlaintextIsNeverAlreadyEncrypted() {
        BinaryStore store = new BinaryStore();
        assertFalse(store.hasMetadataKey(store.loadPlain("{\"sops\": {}}".getBytes(StandardCharsets.UTF_8))));
    }
}
