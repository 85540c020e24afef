package scoremodels.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParamsTest {
    @Test
    void allFiniteFindsOneBadEntryInEitherType() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                Map<String, INDArray> arrays = new LinkedHashMap<>();
                arrays.put("a", Nd4j.rand(type, 40, 30).subi(0.5).muli(1e30));
                arrays.put("b", Nd4j.rand(type, 300));
                Params params = new Params(arrays);
                assertTrue(params.allFinite(), type + ": large finite values are finite");
                params.get("b").putScalar(177, bad);
                assertFalse(params.allFinite(), type + ": " + bad + " at one entry");
                params.get("b").putScalar(177, 0.0);
                params.get("a").getRow(39).putScalar(29, bad);
                assertFalse(params.allFinite(), type + ": " + bad + " at the last entry of a view's source");
            }
        }
    }
}
