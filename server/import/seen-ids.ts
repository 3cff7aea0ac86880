/**
 * The external ids an import has seen, each with the row it was first seen on, as 96-bit
 * fingerprints in typed arrays: 16 bytes a slot at most half full, where a Map of the strings held
 * ~100 bytes an id and took a seventh of the parse's time at a million rows. Were the three hashes
 * independent, two different ids would share a fingerprint with probability about n²/2⁹⁷ (1e-17 at a
 * million ids); were it to happen, the second row would be reported as a duplicate id (the import
 * refused, with the row named), never silently merged.
 */
export class SeenIds {
  private keys: Uint32Array;
  private rows: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.keys = new Uint32Array(capacity * 3);
    this.rows = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Records `id` as seen on `row`; returns the row it was first seen on if it was seen before, else null. */
  firstRowOf(id: string, row: number): number | null {
    const [a, b, c] = fingerprint(id);
    for (let slot = a & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 3;
      // Rows are stored plus one: 0 is an empty slot.
      if (this.rows[slot] === 0) {
        this.keys[at] = a;
        this.keys[at + 1] = b;
        this.keys[at + 2] = c;
        this.rows[slot] = row + 1;
        if (++this.count * 2 > this.rows.length) this.grow();
        return null;
      }
      if (this.keys[at] === a && this.keys[at + 1] === b && this.keys[at + 2] === c) return this.rows[slot]! - 1;
    }
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    this.mask = this.rows.length - 1;
    for (let slot = 0; slot < rows.length; slot++) {
      if (rows[slot] === 0) continue;
      let target = keys[slot * 3]! & this.mask;
      while (this.rows[target] !== 0) target = (target + 1) & this.mask;
      this.keys.set(keys.subarray(slot * 3, slot * 3 + 3), target * 3);
      this.rows[target] = rows[slot]!;
    }
  }
}

/** Three 32-bit hashes of the UTF-16 units, each murmur3-style with its own seed and final mix. */
function fingerprint(id: string): [number, number, number] {
  let a = 0x9747b28c ^ id.length;
  let b = 0x85ebca6b ^ id.length;
  let c = 0xc2b2ae35 ^ id.length;
  for (let index = 0; index < id.length; index++) {
    const unit = id.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x5bd1e995);
    a ^= a >>> 15;
    b = Math.imul(b ^ unit, 0x27d4eb2d);
    b ^= b >>> 13;
    c = Math.imul(c ^ unit, 0x165667b1);
    c ^= c >>> 16;
  }
  return [finalMix(a), finalMix(b ^ 0x68e31da4), finalMix(c ^ 0x1b873593)];
}

function finalMix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
