package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class HalvesTest {

    /** Every row is visited once, by the part its side of the split belongs to. */
    @Test
    void theHalvesMeetWhereAsked() {
        int rows = 300;
        AtomicIntegerArray part = new AtomicIntegerArray(rows);
        AtomicIntegerArray visits = new AtomicIntegerArray(rows);
        Halves.run(rows, 96, (p, lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                part.set(r, p);
                visits.incrementAndGet(r);
            }
        });
        int[] want = new int[rows];
        int[] once = new int[rows];
        for (int r = 0; r < rows; r++) {
            want[r] = r < 96 ? 0 : 1;
            once[r] = 1;
        }
        int[] got = new int[rows];
        int[] seen = new int[rows];
        for (int r = 0; r < rows; r++) {
            got[r] = part.get(r);
            seen[r] = visits.get(r);
        }
        assertArrayEquals(want, got);
        assertArrayEquals(once, seen);
    }

    @Test
    void aSplitOutsideTheRowsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Halves.run(10, 11, (p, lo, hi) -> { }));
        assertTrue(e.getMessage().contains("mid") && e.getMessage().contains("11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Halves.run(10, -1, (p, lo, hi) -> { }));
    }
}
