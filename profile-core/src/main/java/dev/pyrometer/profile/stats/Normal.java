package dev.pyrometer.profile.stats;

/** The standard normal distribution's tail, to about 1e-7 relative accuracy over the whole range. */
public final class Normal {
    private Normal() {
    }

    /** P(Z ≥ |z|) · 2 for a standard normal Z: the two-sided p-value of a z statistic. */
    public static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2)));
    }

    /**
     * The complementary error function, by the Chebyshev-fitted expression of Numerical Recipes
     * (fractional error below 1.2e-7 everywhere).
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
