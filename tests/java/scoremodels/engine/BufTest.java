package scoremodels.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BufTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void aRowBlockViewReadsAndWritesItsOwnEntries(DataType type) {
        INDArray big = Nd4j.arange(60).castTo(type).reshape('c', 10, 6);
        INDArray rows = big.get(NDArrayIndex.interval(4, 9), NDArrayIndex.all()); // entries 24..53
        Buf buf = Buf.of(rows);
        assertEquals(30, buf.length());
        assertEquals(24.0, buf.get(0));
        assertEquals(53.0, buf.get(29));
        buf.set(0, -1.0);
        assertEquals(-1.0, big.getDouble(4, 0));
        assertEquals(23.0, big.getDouble(3, 5), "the entry before the view is untouched");
        double[] heap = new HeapCopier().read(rows);
        assertEquals(-1.0, heap[0]);
        assertEquals(53.0, heap[29]);
    }
}
