package lab.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationFitTest {

    @Test
    void aSensorThatReadsOnALineIsFittedByThatLineWithNoResidual() {
        // measured = 0.25 + 0.98 * setpoint
        List<Double> setpoints = List.of(20.0, 37.0, 50.0, 80.0);
        List<Double> measured = setpoints.stream().map(s -> 0.25 + 0.98 * s).toList();
        CalibrationFit fit = CalibrationFit.of(setpoints, measured, 1);
        assertArrayEquals(new double[] {0.25, 0.98}, fit.coefficients(), 1e-9);
        assertEquals(0.0, fit.rmsResidual(), 1e-9);
        assertEquals(37.0 * 0.98 + 0.25, fit.points().get(1).fitted(), 1e-9);
    }

    @Test
    void aLineThroughScatteredReadingsIsTheLeastSquaresLine() {
        // Worked by hand: x = 0, 1, 2, 3; y = 1, 3, 2, 4 gives slope 0.8 and intercept 1.3,
        // residuals -0.3, 0.9, -0.9, 0.3, so an rms of sqrt(1.8 / 4).
        CalibrationFit fit = CalibrationFit.of(List.of(0.0, 1.0, 2.0, 3.0), List.of(1.0, 3.0, 2.0, 4.0), 1);
        assertArrayEquals(new double[] {1.3, 0.8}, fit.coefficients(), 1e-9);
        assertEquals(Math.sqrt(1.8 / 4), fit.rmsResidual(), 1e-9);
        assertEquals(0.9, fit.points().get(1).residual(), 1e-9);
    }

    @Test
    void aQuadraticSensorIsFittedByItsQuadratic() {
        List<Double> setpoints = List.of(10.0, 25.0, 40.0, 60.0, 90.0);
        List<Double> measured = setpoints.stream().map(s -> -0.5 + 1.01 * s + 0.0004 * s * s).toList();
        CalibrationFit fit = CalibrationFit.of(setpoints, measured, 2);
        assertArrayEquals(new double[] {-0.5, 1.01, 0.0004}, fit.coefficients(), 1e-7);
    }

    @Test
    void tooFewPointsOrUnpairedListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CalibrationFit.of(List.of(1.0, 2.0), List.of(1.0, 2.0), 2));
        assertThrows(IllegalArgumentException.class, () -> CalibrationFit.of(List.of(1.0, 2.0), List.of(1.0), 1));
    }
}
