package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FloatViewTest {

    @Test
    void aRowBlockViewCopiesItsOwnEntries() {
        INDArray big = Nd4j.arange(60).castTo(DataType.FLOAT).reshape('c', 10, 6);
        INDArray rows = big.get(NDArrayIndex.interval(4, 9), NDArrayIndex.all()); // entries 24..53
        FloatView view = FloatView.of(rows);
        assertEquals(30, view.length());
        float[] heap = new float[32];
        view.get(2, heap, 1, 30 - 2);
        assertEquals(26f, heap[1]);
        assertEquals(53f, heap[28]);
        view.set(new float[] {-1f, -2f}, 0, 28, 2);
        assertEquals(-1f, big.getFloat(8, 4));
        assertEquals(-2f, big.getFloat(8, 5));
        assertEquals(54f, big.getFloat(9, 0), "the entry after the view is untouched");
        float[] all = new float[30];
        view.get(0, all, 0, 30);
        assertArrayEquals(new float[] {24f, 25f, 26f}, java.util.Arrays.copyOf(all, 3));
    }

    @Test
    void copiesOutsideEitherArrayAreRefused() {
        FloatView view = FloatView.of(Nd4j.create(DataType.FLOAT, 4, 5));
        float[] heap = new float[10];
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(15, heap, 0, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> view.get(0, heap, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> view.set(heap, 0, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> view.set(heap, 0, 0, -1));
    }

    @Test
    void onlyContiguousFloatArrays() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatView.of(Nd4j.create(DataType.DOUBLE, 2, 2)));
        assertTrue(e.getMessage().contains("FLOAT") && e.getMessage().contains("DOUBLE"), e.getMessage());
        INDArray columns = Nd4j.create(DataType.FLOAT, 4, 6).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        e = assertThrows(IllegalArgumentException.class, () -> FloatView.of(columns));
        assertTrue(e.getMessage().contains("contiguous"), e.getMessage());
    }
}
