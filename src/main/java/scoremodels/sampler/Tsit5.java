package scoremodels.sampler;

/**
 * Tsitouras' 5(4) Runge–Kutta pair with its continuous extension (Ch. Tsitouras, "Runge–Kutta
 * pairs of order 5(4) satisfying only the first column simplifying assumption", Computers &
 * Mathematics with Applications 62 (2011) 770–775), the method behind Diffrax's and
 * OrdinaryDiffEq's {@code Tsit5}.
 *
 * <p>Seven stages; the 5th-order weights are the last row of A (first same as last), so the
 * seventh stage is the drift at the new point and is reused as the next step's first stage.
 * The error estimate is h·Σ ê_i k_i with ê = b − b̂ (5th minus embedded 4th order weights).
 * Dense output is Tsitouras' 4th-order interpolant: y(t0 + θh) = y0 + h·Σ b_i(θ) k_i with
 * quartic weight polynomials b_i(θ) (b_i(1) equals the step's weight b_i).
 */
final class Tsit5 extends Step {
    static final double[] C = {0.0, 0.161, 0.327, 0.9, 0.9800255409045097, 1.0, 1.0};

    /** Strictly lower-triangular A, row i holds the weights of stages 0..i-1. */
    static final double[][] A = {
        {},
        {0.161},
        {-0.008480655492356989, 0.335480655492357},
        {2.897153057105493, -6.359448489975075, 4.3622954328695815},
        {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
        {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401,
            -0.028269050394068383},
        {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081,
            2.324710524099774},
    };

    /** 5th-order weights: the last row of A, zero for the seventh stage. */
    static final double[] B = {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742,
        -3.290069515436081, 2.324710524099774, 0.0};

    /** b − b̂: weights of the local error estimate. */
    static final double[] B_ERROR = {-0.00178001105222577714, -0.0008164344596567469,
        0.007880878010261995, -0.1447110071732629, 0.5823571654525552, -0.45808210592918697,
        1.0 / 66.0};

    /**
     * Dense-output polynomials: b_i(θ) = Σ_j P[i][j]·θ^(j+1), j = 0..3 (Tsitouras' paper,
     * expanded into powers of θ).
     */
    static final double[][] P = {
        {1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
        {0.0, 0.1317, -0.2234, 0.1017},
        {0.0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
        {0.0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
        {0.0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
        {0.0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
        {0.0, 1.5, -4.0, 2.5},
    };

    private final double[][] k;

    private Tsit5(double t0, double t1, double[] y0, double[] y1, double[] error, double[][] k) {
        super(t0, t1, y0, y1, error, k[6]);
        this.k = k;
    }

    static Step step(BatchDrift f, double t0, double[] y0, double[] f0, double t1) {
        // t1 is passed, not t0 + h, so a step meant to end on a save time ends exactly there.
        double h = t1 - t0;
        double[][] k = new double[7][];
        k[0] = f0;
        for (int i = 1; i < 6; i++) {
            double[] yi = combine(y0, h, A[i], k, i);
            double ti = C[i] == 1.0 ? t1 : t0 + C[i] * h;
            k[i] = f.apply(ti, yi);
        }
        double[] y1 = combine(y0, h, B, k, 6);
        k[6] = f.apply(t1, y1);
        double[] zero = new double[y0.length];
        double[] err = combine(zero, h, B_ERROR, k, 7);
        return new Tsit5(t0, t1, y0, y1, err, k);
    }

    @Override
    void interpolate(double theta, double[] out) {
        double[] w = new double[7];
        for (int i = 0; i < 7; i++) {
            double[] p = P[i];
            // Horner in θ for θ·(p0 + θ·(p1 + θ·(p2 + θ·p3))).
            w[i] = theta * (p[0] + theta * (p[1] + theta * (p[2] + theta * p[3])));
        }
        double[] y = combine(y0, h(), w, k, 7);
        System.arraycopy(y, 0, out, 0, out.length);
    }
}
