package scoremodels.kernel;

import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageGateTest {
    private static final String KEY = "a-connection-key";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A request as a client frames it: identity, delimiter, signature, header, parent, metadata, content. */
    private static List<byte[]> signed(HMACGenerator hmac, String msgId) {
        byte[] header = b("{\"msg_id\":\"" + msgId + "\",\"username\":\"u\",\"session\":\"s\",\"date\":\"2026-01-01T00:00:00Z\","
                + "\"msg_type\":\"kernel_info_request\",\"version\":\"5.3\"}");
        byte[] parent = b("{}");
        byte[] meta = b("{}");
        byte[] content = b("{}");
        List<byte[]> frames = new ArrayList<>();
        frames.add(b("client-identity"));
        frames.add(MessageGate.DELIMITER);
        frames.add(b(hmac.calculateSignature(header, parent, meta, content)));
        frames.add(header);
        frames.add(parent);
        frames.add(meta);
        frames.add(content);
        return frames;
    }

    @Test
    void aWellSignedMessagePassesOnceAndItsReplayIsRefused() throws Exception {
        HMACGenerator hmac = new HMACGenerator("hmac-sha256", KEY);
        MessageGate gate = new MessageGate(KEY, hmac);
        List<byte[]> m = signed(hmac, "one");
        assertNull(gate.check(m));
        assertEquals("its signature was seen before (a replayed message)", gate.check(m));
        assertNull(gate.check(signed(hmac, "two")), "another message is still let in");
    }

    @Test
    void aSignatureOffByOneCharacterOrFromAnotherKeyIsRefused() throws Exception {
        HMACGenerator hmac = new HMACGenerator("hmac-sha256", KEY);
        MessageGate gate = new MessageGate(KEY, hmac);
        List<byte[]> m = signed(hmac, "m");
        byte[] sig = m.get(2).clone();
        sig[sig.length - 1] = (byte) (sig[sig.length - 1] == 'a' ? 'b' : 'a');
        m.set(2, sig);
        assertEquals("its signature does not match the connection key", gate.check(m));
        List<byte[]> other = signed(new HMACGenerator("hmac-sha256", "another-key"), "m");
        assertEquals("its signature does not match the connection key", gate.check(other));
    }

    @Test
    void malformedAndTruncatedMessagesAreRefusedWhole() throws Exception {
        HMACGenerator hmac = new HMACGenerator("hmac-sha256", KEY);
        MessageGate gate = new MessageGate(KEY, hmac);
        assertEquals("no <IDS|MSG> delimiter among its 1 frames", gate.check(List.of(b("just one frame"))));
        assertEquals("truncated: 1 frames after the delimiter, 5 needed",
                gate.check(List.of(b("id"), MessageGate.DELIMITER, b("signature"))));
        List<byte[]> many = new ArrayList<>(signed(hmac, "big"));
        while (many.size() <= MessageGate.MAX_FRAMES) {
            many.add(b("buffer"));
        }
        assertTrue(gate.check(many).startsWith("more than"));
    }

    @Test
    void anEmptyKeyDisablesSigningAsTheSpecSays() {
        MessageGate gate = new MessageGate("", HMACGenerator.NO_AUTH_INSTANCE);
        assertFalse(gate.signing());
        List<byte[]> m = signed(HMACGenerator.NO_AUTH_INSTANCE, "x");
        assertEquals(0, m.get(2).length, "with signing disabled the signature is empty");
        assertNull(gate.check(m));
        assertNull(gate.check(m), "without signatures there is nothing to tell replays by");
    }
}
