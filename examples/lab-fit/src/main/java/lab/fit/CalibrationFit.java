package lab.fit;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;

/**
 * A least-squares polynomial through measured temperatures against their setpoints:
 * {@code measured = c0 + c1 * setpoint + c2 * setpoint^2 + ...}, in degrees Celsius.
 *
 * @param coefficients {@code c0, c1, ...}, lowest power first
 * @param points every setpoint with what was measured, what the fit gives and the difference
 * @param rmsResidual the root mean square of the residuals, in degrees Celsius
 */
public record CalibrationFit(double[] coefficients, List<Point> points, double rmsResidual) {

    /** One setpoint: what was measured there, what the fit gives, and measured minus fitted. */
    public record Point(double setpoint, double measured, double fitted, double residual) {
    }

    /**
     * Fits a polynomial of {@code degree} to the pairs {@code (setpoints[i], measured[i])}.
     *
     * @throws IllegalArgumentException if the lists differ in length or hold fewer than
     *     {@code degree + 1} pairs
     */
    public static CalibrationFit of(List<Double> setpoints, List<Double> measured, int degree) {
        if (setpoints.size() != measured.size()) {
            throw new IllegalArgumentException(setpoints.size() + " setpoints but " + measured.size()
                    + " measured values");
        }
        if (setpoints.size() < degree + 1) {
            throw new IllegalArgumentException("a degree-" + degree + " fit needs at least " + (degree + 1)
                    + " points, got " + setpoints.size());
        }
        WeightedObservedPoints observed = new WeightedObservedPoints();
        for (int i = 0; i < setpoints.size(); i++) {
            observed.add(setpoints.get(i), measured.get(i));
        }
        double[] coefficients = PolynomialCurveFitter.create(degree).fit(observed.toList());
        List<Point> points = new ArrayList<>();
        double squares = 0;
        for (int i = 0; i < setpoints.size(); i++) {
            double fitted = valueAt(coefficients, setpoints.get(i));
            double residual = measured.get(i) - fitted;
            squares += residual * residual;
            points.add(new Point(setpoints.get(i), measured.get(i), fitted, residual));
        }
        return new CalibrationFit(coefficients, List.copyOf(points), Math.sqrt(squares / points.size()));
    }

    private static double valueAt(double[] coefficients, double x) {
        double value = 0;
        for (int power = coefficients.length - 1; power >= 0; power--) {
            value = value * x + coefficients[power];
        }
        return value;
    }
}
