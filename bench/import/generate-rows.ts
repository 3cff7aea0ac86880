import fs from 'node:fs';
import { once } from 'node:events';
import { createRng } from '@/ml/random';

const WORDS = (
  'account billing refund charge invoice payment card order delivery shipping parcel late missing broken screen app crash login password ' +
  'reset error update version install device phone laptop battery charger cable store support ticket urgent please thanks hello team ' +
  'manager customer service response week month day today yesterday again still never always problem issue question request help'
).split(' ');

/**
 * Synthetic support tickets with realistic lengths: log-normal word counts (median ~45 words, a
 * long tail up to a few thousand characters), written as CSV without holding the file in memory.
 */
export async function writeSyntheticCsv(file: string, rows: number, seed = 7): Promise<{ bytes: number }> {
  const rng = createRng(seed);
  const out = fs.createWriteStream(file);
  out.write('id,text,label,source\n');
  const labels = ['billing', 'technical', 'shipping', 'other'];
  let buffer = '';
  for (let row = 0; row < rows; row++) {
    const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    const wordCount = Math.max(3, Math.min(600, Math.round(Math.exp(3.8 + 0.7 * normal))));
    const words: string[] = [];
    for (let w = 0; w < wordCount; w++) words.push(WORDS[rng.int(WORDS.length)] ?? 'x');
    words.push(`#${row}`);
    buffer += `t${row},"${words.join(' ')}",${labels[rng.int(labels.length)]},${rng.next() < 0.5 ? 'mail' : 'web'}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { bytes: fs.statSync(file).size };
}
