import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ImageSet } from '@/ml/images/image-set';
import { parseIdx } from '@/ml/images/parse-idx';

/** Where Debian's `dataset-fashion-mnist` package installs the four IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

export type TLabeledImages = { images: ImageSet; labels: Int32Array };
export type TFashionMnist = { train: TLabeledImages; test: TLabeledImages; directory: string };

/** The standard 60k/10k split, or null when the package is not installed. */
export function loadFashionMnist(directory = process.env.QUORUM_FASHION_MNIST_DIR ?? FASHION_MNIST_DIR): TFashionMnist | null {
  const file = (name: string) => path.join(directory, `${name}-ubyte.gz`);
  const names = ['train-images-idx3', 'train-labels-idx1', 't10k-images-idx3', 't10k-labels-idx1'];
  if (!names.every((name) => fs.existsSync(file(name)))) return null;
  const read = (name: string) => parseIdx(new Uint8Array(zlib.gunzipSync(fs.readFileSync(file(name)))));
  const split = (images: string, labels: string): TLabeledImages => {
    const x = read(images);
    const y = read(labels);
    if (x.dims.length !== 3 || y.dims.length !== 1 || x.dims[0] !== y.dims[0]) throw new Error(`${images}: unexpected shapes ${x.dims.join('×')} / ${y.dims.join('×')}`);
    return { images: { pixels: x.data, count: x.dims[0]!, height: x.dims[1]!, width: x.dims[2]!, channels: 1 }, labels: Int32Array.from(y.data) };
  };
  return { train: split('train-images-idx3', 'train-labels-idx1'), test: split('t10k-images-idx3', 't10k-labels-idx1'), directory };
}
