/**
 * Dense-layer gradients computed on the host. On tfjs-backend-wasm the kernel
 * gradient tfjs uses (matMul with transposeA) runs at well under 1 GFLOP/s for our
 * shapes: [4096×128]ᵀ·[128×128] took ~300 ms a step, against ~7 ms for the forward
 * matMul. Hashed text features are ~95% zeros, so skipping zero inputs makes the
 * host loop cheaper than any dense matMul.
 */
import type { CsrRows } from '../csr-rows';

/** ∂L/∂W = xᵀ·dy, shape inDim×outDim; zero inputs are skipped. */
export function computeKernelGradient(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  inDim: number,
  outDim: number,
): Float32Array {
  const gradient = new Float32Array(inDim * outDim);
  for (let i = 0; i < rows; i++) {
    const xOffset = i * inDim;
    const dyOffset = i * outDim;
    for (let j = 0; j < inDim; j++) {
      const value = x[xOffset + j]!;
      if (value === 0) continue;
      const gOffset = j * outDim;
      for (let c = 0; c < outDim; c++) gradient[gOffset + c]! += value * dy[dyOffset + c]!;
    }
  }
  return gradient;
}

/** x·W for sparse x (rows×cols) and a dense row-major W (cols×outDim). */
export function multiplyCsrDense(x: CsrRows, kernel: ArrayLike<number>, outDim: number): Float32Array {
  const out = new Float32Array(x.rows * outDim);
  const { offsets, columns, values } = x;
  for (let i = 0; i < x.rows; i++) {
    const outOffset = i * outDim;
    const end = offsets[i + 1]!;
    if (outDim === 2) {
      let sum0 = 0;
      let sum1 = 0;
      for (let e = offsets[i]!; e < end; e++) {
        const k = columns[e]! * 2;
        const value = values[e]!;
        sum0 += value * kernel[k]!;
        sum1 += value * kernel[k + 1]!;
      }
      out[outOffset] = sum0;
      out[outOffset + 1] = sum1;
      continue;
    }
    for (let e = offsets[i]!; e < end; e++) {
      const kOffset = columns[e]! * outDim;
      const value = values[e]!;
      for (let c = 0; c < outDim; c++) out[outOffset + c]! += value * kernel[kOffset + c]!;
    }
  }
  return out;
}

/** ∂L/∂W = xᵀ·dy over the non-zeros of x only, shape cols×outDim. */
export function computeKernelGradientCsr(x: CsrRows, dy: ArrayLike<number>, outDim: number): Float32Array {
  const gradient = new Float32Array(x.cols * outDim);
  const { offsets, columns, values } = x;
  for (let i = 0; i < x.rows; i++) {
    const dyOffset = i * outDim;
    const end = offsets[i + 1]!;
    if (outDim === 2) {
      // Two classes is the common case; unrolled it is twice as fast.
      const d0 = dy[dyOffset]!;
      const d1 = dy[dyOffset + 1]!;
      for (let e = offsets[i]!; e < end; e++) {
        const g = columns[e]! * 2;
        const value = values[e]!;
        gradient[g] = gradient[g]! + value * d0;
        gradient[g + 1] = gradient[g + 1]! + value * d1;
      }
      continue;
    }
    for (let e = offsets[i]!; e < end; e++) {
      const gOffset = columns[e]! * outDim;
      const value = values[e]!;
      for (let c = 0; c < outDim; c++) gradient[gOffset + c]! += value * dy[dyOffset + c]!;
    }
  }
  return gradient;
}

/** ∂L/∂x = dy·Wᵀ, shape rows×inDim. */
export function computeInputGradient(
  dy: ArrayLike<number>,
  kernel: ArrayLike<number>,
  rows: number,
  inDim: number,
  outDim: number,
): Float32Array {
  const gradient = new Float32Array(rows * inDim);
  for (let i = 0; i < rows; i++) {
    const dyOffset = i * outDim;
    const gOffset = i * inDim;
    for (let j = 0; j < inDim; j++) {
      const kOffset = j * outDim;
      let sum = 0;
      for (let c = 0; c < outDim; c++) sum += dy[dyOffset + c]! * kernel[kOffset + c]!;
      gradient[gOffset + j] = sum;
    }
  }
  return gradient;
}
