package scoremodels.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.Checks;
import scoremodels.engine.Batch;
import scoremodels.engine.RowPasses;
import scoremodels.models.SdeScoreModel;
import scoremodels.random.Key;

/**
 * Sliced score matching with variance reduction (Song et al., 2019): the trace of the Jacobian
 * is replaced by vᵀ J v for random directions v ~ N(0, I), whose mean is the trace, so a step
 * needs P directional derivatives instead of D. The per-row objective is
 * (1/P) Σ_p v_pᵀ J v_p + ½|s|², weighted over levels as the chapter's loss.
 *
 * <p>Every call draws fresh directions from {@code key.fold(call)}, so a training run is
 * reproducible from its key.
 */
public final class SlicedScoreMatching implements Objective {
    private final Batch batch;
    private final int projections;
    private final Key key;
    private final double l2Coefficient;
    private RowPasses engine;
    private int calls;

    private SlicedScoreMatching(Batch batch, int projections, Key key, double l2Coefficient) {
        if (projections < 1) {
            throw new IllegalArgumentException("projections must be >= 1, got " + projections);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        Checks.l2(l2Coefficient);
        this.batch = batch;
        this.projections = projections;
        this.key = key;
        this.l2Coefficient = l2Coefficient;
    }

    /** noisedDatas [T, N, D] with times ts [T]; {@code projections} directions per row. */
    public static SlicedScoreMatching joint(INDArray noisedDatas, double[] ts, int projections, Key key,
            double l2Coefficient) {
        Checks.levels(noisedDatas, ts);
        return new SlicedScoreMatching(Batch.joint(noisedDatas, ts), projections, key, l2Coefficient);
    }

    /** The directions of the next call: P arrays of [M·D], each scaled by 1/√P (the 1/P of the mean). */
    double[][] nextDirections() {
        int m = batch.rows();
        int d = batch.dims();
        Key[] keys = key.fold(calls++).split(projections);
        double scale = 1.0 / Math.sqrt(projections);
        double[][] v = new double[projections][];
        for (int p = 0; p < projections; p++) {
            v[p] = keys[p].normal(m * d);
            for (int i = 0; i < v[p].length; i++) {
                v[p][i] *= scale;
            }
        }
        return v;
    }

    @Override
    public ValueAndGrad evaluate(SdeScoreModel model, boolean withGrad) {
        ValueAndGrad step = evaluate(model, nextDirections(), withGrad);
        return withGrad ? new ValueAndGrad(step.value(), step.grads().copy()) : step;
    }

    @Override
    public ValueAndGrad valueAndGradForUpdate(SdeScoreModel model) {
        return evaluate(model, nextDirections(), true);
    }

    /**
     * The objective with given directions (tests hold them fixed to differentiate numerically); the
     * gradient is the engine's buffer.
     */
    ValueAndGrad evaluate(SdeScoreModel model, double[][] v, boolean withGrad) {
        Checks.model(model, batch.dims());
        if (engine == null || !engine.fits(model, projections)) {
            engine = RowPasses.of(model, batch, projections);
        }
        return engine.run(model, v, null, withGrad, l2Coefficient);
    }

    /** The score-matching formula of {@link ScoreMatching#reference} with the random directions. */
    @Override
    public ValueAndGrad evaluateReference(SdeScoreModel model, boolean withGrad) {
        Checks.model(model, batch.dims());
        double[][] v = nextDirections();
        INDArray[] directions = new INDArray[v.length];
        for (int p = 0; p < v.length; p++) {
            directions[p] = Nd4j.createFromArray(v[p]).reshape('c', batch.rows(), batch.dims());
        }
        return ScoreMatching.reference(model, batch.input(), batch.weights(), directions, withGrad, l2Coefficient);
    }
}
