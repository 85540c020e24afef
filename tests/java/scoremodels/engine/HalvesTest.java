package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
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

    /** A failure in the second half reaches the caller, and the next hand-over still runs both halves. */
    @Test
    void aFailureInEitherHalfReachesTheCaller() {
        for (int failing = 0; failing < 2; failing++) {
            int part = failing;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Halves.run(200, (p, lo, hi) -> {
                if (p == part) {
                    throw new IllegalStateException("half " + p + " failed");
                }
            }));
            assertEquals("half " + part + " failed", e.getMessage());
        }
        AtomicLong sum = new AtomicLong();
        Halves.run(200, (p, lo, hi) -> sum.addAndGet(hi - lo));
        assertEquals(200, sum.get());
    }

    /**
     * Many hand-overs in a row, from several threads at once and from inside a half: each row is
     * visited exactly once every time (the helper serves one caller, the others go to the pool).
     */
    @Test
    void concurrentAndNestedCallersEachGetEveryRowOnce() throws Exception {
        int rows = 500;
        int callers = 4;
        int rounds = 300;
        long[] totals = new long[callers];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int id = c;
            threads.add(new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(rows);
                    Halves.run(rows, (p, lo, hi) -> {
                        // a nested hand-over over this half's rows
                        Halves.run(hi - lo, (q, from, to) -> {
                            for (int r = lo + from; r < lo + to; r++) {
                                visits.incrementAndGet(r);
                            }
                        });
                    });
                    for (int r = 0; r < rows; r++) {
                        totals[id] += visits.get(r) == 1 ? 1 : 1_000_000;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join(120_000);
            assertTrue(!t.isAlive(), "a caller did not finish");
        }
        for (long total : totals) {
            assertEquals((long) rows * rounds, total);
        }
    }
}
