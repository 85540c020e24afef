package scoremodels.metrics;

import scoremodels.random.Key;

/** Test helpers: Gaussian samples and the closed forms they are checked against. */
final class Gaussians {
    private Gaussians() {
    }

    /** n draws of N(mu, s²·I). */
    static double[][] sample(Key key, int n, double[] mu, double s) {
        double[][] x = key.normal(n, mu.length);
        for (double[] row : x) {
            for (int k = 0; k < mu.length; k++) {
                row[k] = s * row[k] + mu[k];
            }
        }
        return x;
    }

    static double[] zeros(int d) {
        return new double[d];
    }

    /** Standard normal CDF via erfc (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erfc = poly * Math.exp(-x * x);
        return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    /** Mean of the folded normal, E|N(mu, sigma²)|. */
    static double meanAbs(double mu, double sigma) {
        return sigma * Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / (2 * sigma * sigma))
                + mu * (1 - 2 * phi(-mu / sigma));
    }

    /** Energy distance of N(0,1) and N(mu,1): X−Y ~ N(−mu, 2) and X−X' ~ N(0, 2). */
    static double energy1d(double mu) {
        double s = Math.sqrt(2);
        return 2 * meanAbs(mu, s) - 2 * meanAbs(0, s);
    }

    /**
     * MMD² of N(0, s²I) and N(mu, s²I) in D dims with bandwidth b. Per coordinate,
     * E exp(−z²/(2b²)) for z ~ N(m, v) is sqrt(b²/(b²+v))·exp(−m²/(2(b²+v))); differences of two
     * draws have v = 2s², with m = 0 within a set and m = mu_k across.
     */
    static double mmd2(double[] mu, double s, double b) {
        double v = b * b + 2 * s * s;
        double c = Math.pow(b * b / v, mu.length / 2.0);
        return 2 * c * (1 - Math.exp(-dot(mu, mu) / (2 * v)));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
