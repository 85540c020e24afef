package scoremodels.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellStreamTest {
    @Test
    void drainNeverCutsAUtf8Character() throws Exception {
        CellStream s = new CellStream(new PrintStream(new ByteArrayOutputStream()));
        s.capture(true);
        byte[] text = "σ²=1 ✓".getBytes(StandardCharsets.UTF_8);
        int cut = text.length - 2; // inside the three bytes of the check mark
        s.write(text, 0, cut);
        assertEquals("σ²=1 ", s.drain());
        s.write(text, cut, 2);
        assertEquals("✓", s.drain());
        assertEquals("", s.drain());
    }

    @Test
    void outsideACellBytesGoToTheProcessStream() throws Exception {
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        CellStream s = new CellStream(new PrintStream(process, true, StandardCharsets.UTF_8));
        s.write("idle\n".getBytes(StandardCharsets.UTF_8), 0, 5);
        s.flush();
        assertEquals("idle\n", process.toString(StandardCharsets.UTF_8));
        assertEquals("", s.drain());
    }

    @Test
    void wholeCharactersCountsCompleteSequences() {
        assertEquals(0, CellStream.wholeCharacters(new byte[]{(byte) 0xE2, (byte) 0x9C}));
        assertEquals(1, CellStream.wholeCharacters(new byte[]{'a', (byte) 0xCF}));
        assertEquals(3, CellStream.wholeCharacters(new byte[]{'a', (byte) 0xCF, (byte) 0x83}));
    }
}
