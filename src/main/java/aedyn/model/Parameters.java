package aedyn.model;

import aedyn.data.Matrices;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable state of a two-layer autoencoder (SPEC section 5): the encoder V (n x m column-major; the one
 * matrix W of a tied model), the decoder U (absent when tied) and the bias b. The same shape holds a gradient, with
 * a part absent when it is not trained. Made by {@link #tied}, {@link #untied} or {@link #gradient}; read whether U
 * is a part of its own through {@link #tied()} ({@link #hasDecoder()} on a gradient), never by comparing U with
 * null. Values: nothing here is modified in place after construction.
 */
public record Parameters(int n, int m, double[] v, double[] u, double[] b) implements Serializable {

    public Parameters {
        if (v != null && v.length != n * m) throw new IllegalArgumentException("V has " + v.length + " entries, expected n m = " + n * m);
        if (u != null && u.length != n * m) throw new IllegalArgumentException("U has " + u.length + " entries, expected n m = " + n * m);
        if (b != null && b.length != m) throw new IllegalArgumentException("b has " + b.length + " entries, expected m = " + m);
    }

    /** A weight-tied state (W, b). */
    public static Parameters tied(int n, int m, double[] w, double[] b) {
        return new Parameters(n, m, w, null, b);
    }

    /** An untied state (V, U, b). */
    public static Parameters untied(int n, int m, double[] v, double[] u, double[] b) {
        if (u == null) throw new IllegalArgumentException("an untied state has a decoder U");
        return new Parameters(n, m, v, u, b);
    }

    /**
     * A gradient: G_V (or G_W), G_U when the decoder is trained ({@code decoderTrained}), g_b when the bias is
     * ({@code biasTrained}); the parts not trained are absent.
     */
    public static Parameters gradient(int n, int m, double[] gv, double[] gu, double[] gb, boolean decoderTrained,
                                      boolean biasTrained) {
        return new Parameters(n, m, gv, decoderTrained ? gu : null, biasTrained ? gb : null);
    }

    /** One weight matrix W and no decoder of its own (on a gradient: no decoder part). */
    public boolean tied() {
        return u == null;
    }

    /** U is a part of its own: an untied state, or a gradient whose decoder is trained. */
    public boolean hasDecoder() {
        return !tied();
    }

    /** W of a tied model, V of an untied one. */
    public double[] encoder() {
        return v;
    }

    /** The decoder U; for a tied model W itself. */
    public double[] decoder() {
        return tied() ? v : u;
    }

    public Parameters withBias(double[] bias) {
        return new Parameters(n, m, v, u, bias);
    }

    /**
     * The weight matrices under the names of their output files: W for a tied model, V and U for an untied one.
     */
    public Map<String, double[]> matrices() {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (tied()) {
            out.put("W", v);
        } else {
            out.put("V", v);
            out.put("U", u);
        }
        return out;
    }

    /** ||V||_F^2 + ||U||_F^2, each matrix counted once (a tied W once), for the l2 penalty of SPEC section 5. */
    public double squaredNorm() {
        double s = Matrices.squaredNorm(v);
        if (hasDecoder()) s += Matrices.squaredNorm(u);
        return s;
    }

    /** The Frobenius norm over every non-null part (grad_norm of SPEC section 7 on a gradient). */
    public double norm() {
        double s = 0;
        if (v != null) s += Matrices.squaredNorm(v);
        if (hasDecoder()) s += Matrices.squaredNorm(u);
        if (b != null) s += Matrices.squaredNorm(b);
        return Math.sqrt(s);
    }

    public Parameters copy() {
        return new Parameters(n, m, v == null ? null : v.clone(), tied() ? null : u.clone(), b == null ? null : b.clone());
    }
}
