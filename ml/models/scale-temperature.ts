import * as tf from '@tensorflow/tfjs';

/**
 * Bakes temperature scaling into a model whose last layer is a Dense softmax (softmax and
 * MLP models alike): softmax((hW + b)/T) = softmax(h(W/T) + b/T). Every consumer of the
 * model (stored predictions, queue order, downloads) then gets calibrated probabilities
 * without knowing about T. In place.
 */
export function scaleOutputTemperature(model: tf.LayersModel, temperature: number): void {
  if (!(temperature > 0)) throw new RangeError(`temperature must be positive, got ${temperature}`);
  if (temperature === 1) return;
  const layer = model.layers.at(-1)!;
  if (layer.getClassName() !== 'Dense' || layer.getConfig().activation !== 'softmax') throw new Error('the last layer is not a Dense softmax');
  const weights = layer.getWeights();
  const scaled = tf.tidy(() => weights.map((w) => tf.div(w, temperature)));
  layer.setWeights(scaled);
  scaled.forEach((w) => w.dispose());
}
