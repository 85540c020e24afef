package scoremodels.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scoremodels.data.Datasets;
import scoremodels.models.Activation;
import scoremodels.random.Key;
import tech.tablesaw.api.Table;

class QualityStudyTest {
    private static final QualityStudy.Settings SETTINGS =
            new QualityStudy.Settings(1, 1e-3, Activation.SOFTPLUS, 1000, Key.of(7));

    @Test
    void aChapterDatasetHasFourYardsticksBeforeAnyRun() {
        QualityStudy study = QualityStudy.forDataset("circles", SETTINGS);
        Table t = study.table();
        assertEquals(4, t.rowCount());
        assertEquals("1000 independent exact draws (mean of 8)", t.stringColumn("sampler").get(2));
        double independent = study.independentEnergy().orElseThrow();
        assertEquals(independent, t.doubleColumn("energy").get(2), 1e-15);
        // The circles' training points are evenly spaced: they beat even exact independent draws.
        assertTrue(study.trainingEnergy() < independent, study.trainingEnergy() + " vs " + independent);
        assertEquals("exact score", t.stringColumn("loss").get(3));
        assertEquals("consistent ODE −½s, same starts", t.stringColumn("sampler").get(3));
        double exact = study.exactEnergy().orElseThrow();
        assertEquals(exact, t.doubleColumn("energy").get(3), 1e-15);
        // The flow from the noised training points with the true score: closer than independent
        // draws, and with each training point's noise spread evenly (Priors.noisedPoints) closer
        // than the training points too (0.0015 against 0.0022; 0.0023 with the noise spread only
        // over all starts together).
        assertTrue(exact < independent, exact + " vs " + independent);
        assertTrue(exact < study.trainingEnergy(), exact + " vs " + study.trainingEnergy());
        // Its points are there to plot, the very set the row was measured on.
        INDArray points = study.samples().get("exact score · consistent ODE −½s");
        assertEquals(1000, points.rows());
        assertEquals(exact, scoremodels.metrics.EnergyDistance.of(points, Datasets.load("circles", 1000, Key.of(2024)).X()), 1e-12);
    }

    @Test
    void withoutIndependentDrawsTheRowIsLeftOut() {
        INDArray x = Datasets.load("moons", 50, Key.of(1)).X();
        QualityStudy study = new QualityStudy(x, x, x, SETTINGS);
        assertFalse(study.independentEnergy().isPresent());
        assertFalse(study.exactEnergy().isPresent());
        assertTrue(study.samples().isEmpty());
        assertEquals(2, study.table().rowCount());
    }

    /** The energies a notebook plots are the table's, and curves over studies line them up by name. */
    @Test
    void energiesAreTheTablesAndCurvesLineUpByName() {
        INDArray train = Datasets.load("gaussians", 40, Key.of(1)).X();
        INDArray fresh = Datasets.load("gaussians", 60, Key.of(2)).X();
        INDArray floor = Datasets.load("gaussians", 60, Key.of(3)).X();
        QualityStudy.Settings short_ = new QualityStudy.Settings(3, 1e-3, Activation.SOFTPLUS, 60, Key.of(7));
        QualityStudy study = new QualityStudy(train, fresh, floor, short_)
                .run(java.util.List.of(TrainingLoss.DENOISING), java.util.List.of(Sampling.CONSISTENT_ODE));
        Table t = study.table();
        java.util.Map<String, Double> energies = study.energies();
        assertEquals(java.util.List.of(QualityStudy.FLOOR, QualityStudy.TRAINING, "Denoising · consistent ODE −½s"),
                java.util.List.copyOf(energies.keySet()));
        for (int r = 0; r < 3; r++) {
            double want = t.doubleColumn("energy").isMissing(r) ? Double.NaN : t.doubleColumn("energy").get(r);
            assertEquals(want, (double) java.util.List.copyOf(energies.values()).get(r), 1e-15, "row " + r);
        }
        QualityStudy empty = new QualityStudy(train, fresh, floor, short_);
        java.util.Map<String, double[]> curves = QualityStudy.energyCurves(java.util.List.of(empty, study));
        assertEquals(3, curves.size());
        assertEquals(energies.get(QualityStudy.FLOOR), curves.get(QualityStudy.FLOOR)[1], 0.0);
        assertTrue(Double.isNaN(curves.get("Denoising · consistent ODE −½s")[0]), "the first study has no such run");
        assertEquals(energies.get("Denoising · consistent ODE −½s"), curves.get("Denoising · consistent ODE −½s")[1], 0.0);
    }

    @Test
    void independentDrawsOfAnotherDimensionAreRefused() {
        INDArray x = Datasets.load("moons", 50, Key.of(1)).X();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QualityStudy(x, x, x, java.util.List.of(x, Nd4j.zeros(50, 3)), SETTINGS));
        assertTrue(e.getMessage().contains("independent") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void settingsGiveEachLossItsLearningRate() {
        QualityStudy.Settings two = new QualityStudy.Settings(10, 1e-3, 4e-3, Activation.SOFTPLUS, 100, Key.of(1));
        assertEquals(1e-3, two.learningRate(TrainingLoss.HYVARINEN), 0);
        assertEquals(1e-3, two.learningRate(TrainingLoss.SLICED), 0);
        assertEquals(4e-3, two.learningRate(TrainingLoss.DENOISING), 0);
        assertEquals(2e-3, SETTINGS_ONE_RATE.learningRate(TrainingLoss.DENOISING), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QualityStudy.Settings(10, 1e-3, -4e-3, Activation.SOFTPLUS, 100, Key.of(1)));
        assertTrue(e.getMessage().contains("denoisingLearningRate must be finite and > 0, got -0.004"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QualityStudy.Settings(10, Double.POSITIVE_INFINITY, Activation.SOFTPLUS, 100, Key.of(1)));
        assertTrue(e.getMessage().contains("learningRate must be finite and > 0, got Infinity"), e.getMessage());
    }

    @Test
    void eachLossTrainsItsOwnNumberOfSteps() {
        QualityStudy.Settings split = new QualityStudy.Settings(5, 2, 1e-3, 4e-3, Activation.SOFTPLUS, 60, Key.of(7));
        assertEquals(5, split.steps(TrainingLoss.DENOISING));
        assertEquals(2, split.steps(TrainingLoss.HYVARINEN));
        assertEquals(2, split.steps(TrainingLoss.SLICED));
        assertEquals(10, SETTINGS_ONE_RATE.steps(TrainingLoss.DENOISING));
        assertEquals(10, SETTINGS_ONE_RATE.steps(TrainingLoss.SLICED));
        INDArray train = Datasets.load("gaussians", 40, Key.of(1)).X();
        INDArray fresh = Datasets.load("gaussians", 60, Key.of(2)).X();
        QualityStudy study = new QualityStudy(train, fresh, fresh, split)
                .run(java.util.List.of(TrainingLoss.DENOISING, TrainingLoss.SLICED), java.util.List.of(Sampling.CONSISTENT_ODE));
        assertEquals(java.util.List.of(5, 2), study.rows().stream().map(QualityStudy.Row::steps).toList());
        Table t = study.table();
        // Two reference rows (no steps) above the two runs.
        assertTrue(t.intColumn("steps").isMissing(0) && t.intColumn("steps").isMissing(1));
        assertEquals(5, t.intColumn("steps").get(2));
        assertEquals(2, t.intColumn("steps").get(3));
        assertEquals("QualityStudy(2 runs, 5 steps with the denoising loss, 2 with the others)", study.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QualityStudy.Settings(5, 0, 1e-3, 4e-3, Activation.SOFTPLUS, 60, Key.of(7)));
        assertTrue(e.getMessage().contains("jacobianSteps must be >= 1, got 0"), e.getMessage());
    }

    private static final QualityStudy.Settings SETTINGS_ONE_RATE =
            new QualityStudy.Settings(10, 2e-3, Activation.SOFTPLUS, 100, Key.of(1));
}
