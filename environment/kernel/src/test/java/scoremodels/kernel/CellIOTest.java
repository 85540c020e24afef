package scoremodels.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellIOTest {
    @Test
    void closingSystemOutDoesNotSilenceLaterOutputAndSetOutLastsOneCell() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        PrintStream processStream = new PrintStream(process, true, StandardCharsets.UTF_8);
        try {
            CellIO io = new CellIO(processStream, processStream);
            io.install();
            System.out.close();
            System.out.print("still here");
            System.out.flush();
            assertEquals("still here", process.toString(StandardCharsets.UTF_8));

            PrintStream elsewhere = new PrintStream(new ByteArrayOutputStream());
            System.setOut(elsewhere);
            io.attach(null, false, false);
            assertNotSame(elsewhere, System.out, "the next cell has the notebook's System.out again");
            io.detach();
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    @Test
    void aWriterWaitsWhileTooMuchOutputIsUnsent() throws Exception {
        CellStream stream = new CellStream(new PrintStream(new ByteArrayOutputStream()));
        stream.capture(true);
        stream.write(new byte[CellStream.MAX_PENDING], 0, CellStream.MAX_PENDING);
        CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
            try {
                stream.write('x');
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(more.isDone(), "the writer waits at the mark");
        assertEquals(CellStream.MAX_PENDING, stream.drain().length());
        more.get(30, TimeUnit.SECONDS);
        assertEquals("x", stream.drain());
        assertTrue(more.isDone());
    }
}
