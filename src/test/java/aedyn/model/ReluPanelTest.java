package aedyn.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The branch-free panel evaluation of relu gives, bit for bit, max(z, 0) and 1[z > 0] with NaN as "not > 0". */
class ReluPanelTest {

    @Test
    void panelMatchesTheDefinitionOnEveryKindOfDouble() {
        double[] special = {Double.NaN, -Double.NaN, Double.longBitsToDouble(0x7FF0000000000001L),
                Double.longBitsToDouble(0xFFF8000000000000L), 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1.0, -1.0, 1e-300, -1e-300};
        SplittableRandom r = new SplittableRandom(3);
        double[] z = new double[special.length + 1000];
        System.arraycopy(special, 0, z, 0, special.length);
        for (int i = special.length; i < z.length; i++) z[i] = r.nextDouble(-5, 5);
        double[] h = new double[z.length];
        double[] d = new double[z.length];
        new Activation.Relu().evaluate(z, h, d, z.length);
        for (int i = 0; i < z.length; i++) {
            // the definition written out: sigma(z) = z where z > 0, else +0.0; sigma'(z) = 1[z > 0]
            double expectedH = z[i] > 0 ? z[i] : 0.0;
            double expectedD = z[i] > 0 ? 1.0 : 0.0;
            assertEquals(Double.doubleToRawLongBits(expectedH), Double.doubleToRawLongBits(h[i]), "h at z = " + z[i]);
            assertEquals(Double.doubleToRawLongBits(expectedD), Double.doubleToRawLongBits(d[i]), "d at z = " + z[i]);
        }
    }
}
