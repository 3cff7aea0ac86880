import * as tf from '@tensorflow/tfjs';

/**
 * A stride-1 2-D convolution ('same' or 'valid' padding) that trains on every backend. The wasm
 * backend has Conv2D and Conv2DBackpropInput but no Conv2DBackpropFilter kernel, so tf.conv2d's own
 * gradient fails there. The filter gradient is itself a convolution: with the batch moved into the
 * channel axis, dW[i, j, c, f] = Σ_{n,y,x} x_pad[n, y+i, x+j, c] · dy[n, y, x, f] is a 'valid' conv
 * of the transposed input by the transposed output gradient, which Conv2D computes (XNNPACK on
 * wasm). Measured on a 16/32-filter 28×28 CNN: 4× faster per step than building im2col patches
 * from slices, the other way to get a differentiable convolution there.
 */
export function conv2dTrainable(x: tf.Tensor4D, filter: tf.Tensor4D, padding: 'same' | 'valid'): tf.Tensor4D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, kernel, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, kernel]);
    return {
      value: tf.conv2d(input, kernel, 1, padding),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedKernel] = saved as [tf.Tensor4D, tf.Tensor4D];
        const [kh, kw] = savedKernel.shape;
        const dx = tf.conv2dTranspose(dy as tf.Tensor4D, savedKernel, savedInput.shape, 1, padding);
        // 'same' pads (k-1)/2 before and the rest after, as tf.conv2d does for odd and even kernels.
        const padded =
          padding === 'same'
            ? tf.pad(savedInput, [
                [0, 0],
                [Math.floor((kh - 1) / 2), Math.ceil((kh - 1) / 2)],
                [Math.floor((kw - 1) / 2), Math.ceil((kw - 1) / 2)],
                [0, 0],
              ])
            : savedInput;
        const dw = tf.conv2d(tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D, tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D, 1, 'valid');
        return [dx, tf.transpose(dw, [1, 2, 0, 3])];
      },
    };
  });
  return op(x, filter) as tf.Tensor4D;
}
