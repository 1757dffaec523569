import { portableTanh } from '../../util/portable-math.ts';
import { createRandom } from '../../util/random.ts';

/** A two-layer network: tanh hidden layer, linear output. Weights as plain arrays so results clone across workers. */
export interface Mlp {
  inputs: number;
  hidden: number;
  /** hidden × inputs, then hidden biases, then hidden output weights, then the output bias. */
  weights: number[];
  /** Input standardisation fitted on the training inputs. */
  mean: number[];
  scale: number[];
  /** Training RMSE in output units. */
  rmse: number;
}

export interface MlpOptions {
  hidden?: number;
  seed?: number;
  steps?: number;
  learningRate?: number;
  /** L2 penalty on the weights (not the biases). */
  decay?: number;
}

/** Forward pass on a raw (unstandardised) input vector. */
export function mlpEval(net: Mlp, x: number[]): number {
  const { inputs: n, hidden: h, weights: w } = net;
  let out = w[h * n + h + h];
  for (let j = 0; j < h; j++) {
    let z = w[h * n + j];
    for (let i = 0; i < n; i++) z += w[j * n + i] * ((x[i] - net.mean[i]) / net.scale[i]);
    out += w[h * n + h + j] * portableTanh(z);
  }
  return out;
}

/**
 * Trains the network on (x, y) pairs by full-batch Adam on the mean squared error plus an L2 penalty, from a seeded
 * initialisation, its learning rate decaying linearly to 0: the same data and seed give the same network everywhere,
 * and data a few ulps apart (engines' elementary functions differ in their last bits) give networks as close.
 */
export function trainMlp(X: number[][], y: number[], options: MlpOptions = {}): Mlp {
  const n = X[0]?.length ?? 0;
  const h = options.hidden ?? 4;
  const steps = options.steps ?? 3000;
  const lr = options.learningRate ?? 0.01;
  const decay = options.decay ?? 1e-3;
  const rng = createRandom(options.seed ?? 1);
  const mean = new Array<number>(n).fill(0);
  const scale = new Array<number>(n).fill(1);
  for (let i = 0; i < n; i++) {
    const col = X.map((r) => r[i]);
    mean[i] = col.reduce((s, v) => s + v, 0) / col.length;
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - mean[i]) ** 2, 0) / col.length);
    scale[i] = sd > 1e-12 ? sd : 1;
  }
  const Z = X.map((r) => r.map((v, i) => (v - mean[i]) / scale[i]));
  const size = h * n + h + h + 1;
  const w = new Array<number>(size).fill(0);
  for (let k = 0; k < h * n; k++) w[k] = rng.normal() / Math.sqrt(Math.max(1, n));
  for (let j = 0; j < h; j++) w[h * n + h + j] = rng.normal() / Math.sqrt(h);
  w[size - 1] = y.reduce((s, v) => s + v, 0) / Math.max(1, y.length);
  const isWeight = (k: number) => k < h * n || (k >= h * n + h && k < size - 1);

  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const grad = new Float64Array(size);
  const act = new Float64Array(h);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  // b ** t by running products: engines disagree on the last bits of pow, and training amplifies them
  let b1t = 1;
  let b2t = 1;
  for (let t = 1; t <= steps; t++) {
    grad.fill(0);
    for (let s = 0; s < Z.length; s++) {
      let out = w[size - 1];
      for (let j = 0; j < h; j++) {
        let z = w[h * n + j];
        for (let i = 0; i < n; i++) z += w[j * n + i] * Z[s][i];
        act[j] = portableTanh(z);
        out += w[h * n + h + j] * act[j];
      }
      const e = (2 * (out - y[s])) / Z.length;
      grad[size - 1] += e;
      for (let j = 0; j < h; j++) {
        grad[h * n + h + j] += e * act[j];
        const dz = e * w[h * n + h + j] * (1 - act[j] * act[j]);
        grad[h * n + j] += dz;
        for (let i = 0; i < n; i++) grad[j * n + i] += dz * Z[s][i];
      }
    }
    b1t *= b1;
    b2t *= b2;
    const bias1 = 1 - b1t;
    const bias2 = 1 - b2t;
    // at a constant rate Adam keeps hopping about the minimum, and a last-bit change of the data moved the example's
    // FLP-M prediction by 4e-4; decaying to 0 settles it there (1e-15)
    const lrT = (lr * (steps - t + 1)) / steps;
    for (let k = 0; k < size; k++) {
      const g = grad[k] + (isWeight(k) ? 2 * decay * w[k] : 0);
      m1[k] = b1 * m1[k] + (1 - b1) * g;
      m2[k] = b2 * m2[k] + (1 - b2) * g * g;
      w[k] -= (lrT * (m1[k] / bias1)) / (Math.sqrt(m2[k] / bias2) + eps);
    }
  }
  const net: Mlp = { inputs: n, hidden: h, weights: w, mean, scale, rmse: 0 };
  net.rmse = Math.sqrt(X.reduce((s, x, k) => s + (mlpEval(net, x) - y[k]) ** 2, 0) / Math.max(1, X.length));
  return net;
}
