/** The trajectory memo of exact MeanShift: a mean seen bit for bit before continues the same way. */
import { hashWords } from './points.ts';

/**
 * Memo of trajectory states: exact mean vector -> (iterations still to complete, final mode, intensity), in an
 * open-addressing table keyed by the bits of the vector (−0 counted as +0, which gives the same next step).
 */
export class StateMemo {
  private slots: Int32Array;
  private hashes: Uint32Array;
  private states: Float64Array;
  private finals: Float64Array;
  private inc: Int32Array;
  private finalOf: Int32Array;
  private intensity: Float64Array;
  private nStates = 0;
  private nFinals = 0;
  private scratch: Float64Array;
  private words: Uint32Array;
  /** Hash of the vector given to the last find. */
  lastHash = 0;

  /** Room for `expected` states before the table grows (a power of two is chosen). */
  constructor(
    private d: number,
    expected = 1024,
  ) {
    let cap = 1024;
    while (cap < expected) cap *= 2;
    this.slots = new Int32Array(2 * cap);
    this.hashes = new Uint32Array(cap);
    this.inc = new Int32Array(cap);
    this.finalOf = new Int32Array(cap);
    this.intensity = new Float64Array(cap);
    this.states = new Float64Array(cap * d);
    this.finals = new Float64Array(64 * d);
    this.scratch = new Float64Array(d);
    this.words = new Uint32Array(this.scratch.buffer);
  }

  private hash(m: Float64Array, mo: number): number {
    for (let j = 0; j < this.d; j++) this.scratch[j] = m[mo + j] + 0;
    return hashWords(this.words);
  }

  private lookup(m: Float64Array, mo: number, h: number): number {
    const d = this.d;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.slots[i] - 1;
      if (e < 0) return -1;
      if (this.hashes[e] !== h) continue;
      let j = 0;
      while (j < d && this.states[e * d + j] === m[mo + j]) j++;
      if (j === d) return e;
    }
  }

  /** Entry id of state m, or −1 (its hash is kept in lastHash). */
  find(m: Float64Array): number {
    this.lastHash = this.hash(m, 0);
    return this.lookup(m, 0, this.lastHash);
  }

  addFinal(m: Float64Array): number {
    const d = this.d;
    if ((this.nFinals + 1) * d > this.finals.length) {
      const f = new Float64Array(this.finals.length * 2);
      f.set(this.finals);
      this.finals = f;
    }
    for (let j = 0; j < d; j++) this.finals[this.nFinals * d + j] = m[j];
    return this.nFinals++;
  }

  /** Records state m[mo .. mo+d) with hash h (from find) unless it is known already. */
  add(m: Float64Array, mo: number, h: number, inc: number, finalId: number, intensity: number): void {
    const d = this.d;
    if (this.lookup(m, mo, h) >= 0) return;
    const e = this.nStates++;
    if (e === this.inc.length) this.grow();
    for (let j = 0; j < d; j++) this.states[e * d + j] = m[mo + j];
    this.hashes[e] = h;
    this.inc[e] = inc;
    this.finalOf[e] = finalId;
    this.intensity[e] = intensity;
    this.place(e);
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let i = this.hashes[e] & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = e + 1;
  }

  private grow(): void {
    const cap = this.inc.length * 2;
    const widen = <T extends Int32Array | Uint32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.states = widen(this.states, cap * this.d);
    this.hashes = widen(this.hashes, cap);
    this.inc = widen(this.inc, cap);
    this.finalOf = widen(this.finalOf, cap);
    this.intensity = widen(this.intensity, cap);
    this.slots = new Int32Array(cap * 2);
    for (let e = 0; e < this.nStates - 1; e++) this.place(e);
  }

  incOf(e: number): number {
    return this.inc[e];
  }
  finalIdOf(e: number): number {
    return this.finalOf[e];
  }
  intensityOf(e: number): number {
    return this.intensity[e];
  }
  final(f: number): Float64Array {
    return this.finals.subarray(f * this.d, f * this.d + this.d);
  }
}
