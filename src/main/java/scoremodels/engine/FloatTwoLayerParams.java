package scoremodels.engine;

import scoremodels.models.SdeScoreModel;

/**
 * The parameters of a depth-2 model as float arrays, read from the model before every step, with
 * the two layouts the row loops want besides the model's own: W₀ by columns (a row's first layer
 * adds one column per input) and W₂ by rows (one dot product per output).
 */
final class FloatTwoLayerParams {
    final int d;
    final int c;   // D + 1 inputs: x and t
    final int h;
    final float[] w0;
    final float[][] w0cols;
    final float[] w1;
    final float[] w2;
    final float[][] w2rows;
    final float[] b0;
    final float[] b1;
    final float[] b2;

    FloatTwoLayerParams(int d, int h) {
        this.d = d;
        this.c = d + 1;
        this.h = h;
        w0 = new float[h * c];
        w0cols = new float[c][h];
        w1 = new float[h * h];
        w2 = new float[d * h];
        w2rows = new float[d][h];
        b0 = new float[h];
        b1 = new float[h];
        b2 = new float[d];
    }

    /** Copies the model's current parameters in. */
    void read(SdeScoreModel model) {
        FloatView.of(model.weight(0)).get(0, w0, 0, w0.length);
        FloatView.of(model.weight(1)).get(0, w1, 0, w1.length);
        FloatView.of(model.weight(2)).get(0, w2, 0, w2.length);
        FloatView.of(model.bias(0)).get(0, b0, 0, h);
        FloatView.of(model.bias(1)).get(0, b1, 0, h);
        FloatView.of(model.bias(2)).get(0, b2, 0, d);
        for (int q = 0; q < c; q++) {
            float[] col = w0cols[q];
            for (int j = 0; j < h; j++) {
                col[j] = w0[j * c + q];
            }
        }
        for (int i = 0; i < d; i++) {
            System.arraycopy(w2, i * h, w2rows[i], 0, h);
        }
    }

    /** z = W₀ [x, t] + b₀ for row r of the inputs {@code in} ([M, C] row-major), into z[0, H). */
    void firstLayer(float[] in, int r, float[] z) {
        System.arraycopy(b0, 0, z, 0, h);
        for (int q = 0; q < c; q++) {
            float xq = in[r * c + q];
            float[] col = w0cols[q];
            for (int j = 0; j < h; j++) {
                z[j] += xq * col[j];
            }
        }
    }
}
