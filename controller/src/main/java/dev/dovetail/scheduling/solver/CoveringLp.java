package dev.dovetail.scheduling.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * A small dense revised simplex for the covering LP {@code min c·λ, Aλ ≥ b, λ ≥ 0} with few rows
 * (one per pod class) and a growing set of columns (node patterns). Column generation adds columns
 * between solves; the previous optimal basis is kept, so a re-solve starts where the last one
 * ended.
 *
 * <p>The first {@code rows} columns must each cover their own row ({@code A[k][k] > 0}): their
 * diagonal basis is the feasible start. The basis inverse is kept explicitly ({@code rows ≤} a few
 * dozen) and recomputed from scratch every {@link #REFACTOR} pivots to bound rounding error.
 */
final class CoveringLp {
  private static final double EPS = 1e-9;
  private static final int REFACTOR = 64;
  private static final int MAX_PIVOTS = 20_000;

  private final int rows;
  private final double[] demand;
  private final List<double[]> columns = new ArrayList<>();
  private final List<Double> costs = new ArrayList<>();

  /** Basic variable per row: a column index, or {@code -1 - k} for the surplus of row k. */
  private final int[] basis;

  private double[][] inverse;
  private double[] values;

  CoveringLp(double[] demand) {
    this.rows = demand.length;
    this.demand = demand.clone();
    this.basis = new int[rows];
  }

  int addColumn(double[] coverage, double cost) {
    columns.add(coverage);
    costs.add(cost);
    return columns.size() - 1;
  }

  int columnCount() {
    return columns.size();
  }

  double[] column(int j) {
    return columns.get(j);
  }

  double cost(int j) {
    return costs.get(j);
  }

  /** Solves to optimality from the current basis; returns the objective. */
  double solve() {
    if (inverse == null) {
      for (int k = 0; k < rows; k++) {
        if (columns.get(k)[k] <= 0) {
          throw new IllegalStateException("column " + k + " does not cover its row");
        }
        basis[k] = k;
      }
      refactor();
    }
    int degenerate = 0;
    for (int pivot = 0; pivot < MAX_PIVOTS; pivot++) {
      if (pivot % REFACTOR == REFACTOR - 1) {
        refactor();
      }
      double[] duals = duals();
      boolean bland = degenerate > 50;
      int entering = Integer.MIN_VALUE;
      double best = -EPS;
      for (int j = 0; j < columns.size(); j++) {
        double rc = reducedCost(j, duals);
        if (rc < best) {
          entering = j;
          best = rc;
          if (bland) {
            break;
          }
        }
      }
      if (entering == Integer.MIN_VALUE) {
        for (int k = 0; k < rows; k++) {
          if (duals[k] < -EPS) {
            entering = -1 - k;
            break;
          }
        }
      }
      if (entering == Integer.MIN_VALUE) {
        return objective();
      }
      double[] direction = times(entering);
      int leaving = -1;
      double ratio = Double.POSITIVE_INFINITY;
      for (int i = 0; i < rows; i++) {
        if (direction[i] > EPS) {
          double r = values[i] / direction[i];
          if (r < ratio - EPS || (r <= ratio + EPS && leaving >= 0 && basis[i] < basis[leaving])) {
            ratio = r;
            leaving = i;
          }
        }
      }
      if (leaving < 0) {
        throw new IllegalStateException("covering LP is unbounded");
      }
      degenerate = ratio <= EPS ? degenerate + 1 : 0;
      pivot(leaving, entering, direction);
    }
    return objective();
  }

  /** The row duals of the current basis: {@code c_B·B⁻¹}. */
  double[] duals() {
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      double c = basis[i] >= 0 ? costs.get(basis[i]) : 0;
      if (c == 0) {
        continue;
      }
      double[] row = inverse[i];
      for (int k = 0; k < rows; k++) {
        out[k] += c * row[k];
      }
    }
    return out;
  }

  /** The value of every column in the current solution (0 for non-basic ones). */
  double[] primal() {
    double[] out = new double[columns.size()];
    for (int i = 0; i < rows; i++) {
      if (basis[i] >= 0) {
        out[basis[i]] = Math.max(0, values[i]);
      }
    }
    return out;
  }

  double objective() {
    double z = 0;
    for (int i = 0; i < rows; i++) {
      if (basis[i] >= 0) {
        z += costs.get(basis[i]) * values[i];
      }
    }
    return z;
  }

  private double reducedCost(int j, double[] duals) {
    double[] a = columns.get(j);
    double rc = costs.get(j);
    for (int k = 0; k < rows; k++) {
      rc -= duals[k] * a[k];
    }
    return rc;
  }

  private double[] entry(int variable) {
    if (variable >= 0) {
      return columns.get(variable);
    }
    double[] e = new double[rows];
    e[-1 - variable] = -1;
    return e;
  }

  private double[] times(int variable) {
    double[] a = entry(variable);
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      double[] row = inverse[i];
      for (int k = 0; k < rows; k++) {
        s += row[k] * a[k];
      }
      out[i] = s;
    }
    return out;
  }

  private void pivot(int leaving, int entering, double[] direction) {
    double d = direction[leaving];
    double[] pivotRow = inverse[leaving];
    for (int k = 0; k < rows; k++) {
      pivotRow[k] /= d;
    }
    values[leaving] /= d;
    for (int i = 0; i < rows; i++) {
      if (i == leaving || direction[i] == 0) {
        continue;
      }
      double f = direction[i];
      double[] row = inverse[i];
      for (int k = 0; k < rows; k++) {
        row[k] -= f * pivotRow[k];
      }
      values[i] -= f * values[leaving];
    }
    basis[leaving] = entering;
  }

  /** Recomputes the basis inverse and the basic values by Gauss-Jordan elimination. */
  private void refactor() {
    double[][] m = new double[rows][2 * rows];
    for (int i = 0; i < rows; i++) {
      double[] a = entry(basis[i]);
      for (int k = 0; k < rows; k++) {
        m[k][i] = a[k];
      }
      m[i][rows + i] = 1;
    }
    for (int c = 0; c < rows; c++) {
      int p = c;
      for (int r = c + 1; r < rows; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      double[] tmp = m[c];
      m[c] = m[p];
      m[p] = tmp;
      double d = m[c][c];
      for (int k = 0; k < 2 * rows; k++) {
        m[c][k] /= d;
      }
      for (int r = 0; r < rows; r++) {
        if (r != c && m[r][c] != 0) {
          double f = m[r][c];
          for (int k = 0; k < 2 * rows; k++) {
            m[r][k] -= f * m[c][k];
          }
        }
      }
    }
    inverse = new double[rows][rows];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(m[i], rows, inverse[i], 0, rows);
    }
    values = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int k = 0; k < rows; k++) {
        s += inverse[i][k] * demand[k];
      }
      values[i] = s;
    }
  }
}
