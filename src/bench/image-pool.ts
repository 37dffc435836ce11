// Base64 "PNG" payloads for display_data outputs: a PNG signature followed by random bytes. The bytes
// are cut from one seeded pool at random offsets, so generating a few hundred MB of them stays cheap.

import { Prng } from './prng.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const POOL_BYTES = 3 * 1024 * 1024;

export class ImagePool {
  private readonly pool: Buffer;

  constructor(seed: number) {
    this.pool = Buffer.alloc(POOL_BYTES);
    new Prng(seed ^ 0x9e3779b9).fill(this.pool);
  }

  /**
   * A plot's size: mostly small line charts (20–60 KB), some heat maps and pair plots (80–250 KB),
   * and a few large figures (0.5–1 MB).
   */
  static pickSize(random: Prng): number {
    const roll = random.next();
    if (roll < 0.7) return random.int(20_000, 60_000);
    if (roll < 0.96) return random.int(80_000, 250_000);
    return random.int(500_000, 1_000_000);
  }

  /** Base64 text of `decodedBytes` bytes of image data, as Jupyter stores image/png. */
  base64(random: Prng, decodedBytes: number): string {
    const length = Math.min(decodedBytes, POOL_BYTES) - PNG_SIGNATURE.length;
    const offset = random.int(0, POOL_BYTES - length);
    return `${Buffer.concat([PNG_SIGNATURE, this.pool.subarray(offset, offset + length)]).toString('base64')}\n`;
  }
}
