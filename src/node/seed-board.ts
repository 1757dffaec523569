/**
 * The board over which threads share out MeanShift's seeds (positions in its run order) through a SharedArrayBuffer:
 * each thread owns one contiguous lane of positions and claims chunks from its front, so its seeds are neighbours
 * that share neighbour lists; a thread whose lane is empty steals chunks from the back of the fullest lane. A thread
 * that starts late therefore costs no waiting: the others take over its lane.
 */

/** Int32 words: the lock, then one started flag per lane, then each lane's [front, back) of unclaimed positions. */
const LOCK = 0;

export class SeedBoard {
  readonly words: Int32Array;
  readonly lanes: number;

  /** A board over `nSeeds` positions split into `lanes` equal lanes, or the board of `buffer` (made by another). */
  constructor(lanesOrBuffer: number | SharedArrayBuffer, nSeeds = 0) {
    if (typeof lanesOrBuffer === 'number') {
      const lanes = lanesOrBuffer;
      this.words = new Int32Array(new SharedArrayBuffer(4 * (1 + 3 * lanes)));
      for (let l = 0; l < lanes; l++) {
        this.words[1 + lanes + 2 * l] = Math.round((l * nSeeds) / lanes);
        this.words[2 + lanes + 2 * l] = Math.round(((l + 1) * nSeeds) / lanes);
      }
      this.lanes = lanes;
    } else {
      this.words = new Int32Array(lanesOrBuffer);
      this.lanes = (this.words.length - 1) / 3;
    }
  }

  get buffer(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.words, LOCK, 0, 1) !== 0);
  }

  private unlock(): void {
    Atomics.store(this.words, LOCK, 0);
  }

  /**
   * The next chunk of at most `chunk` positions for the thread of `lane` ([from, to)), or null when every position
   * is claimed. Marks the lane's thread as started.
   */
  claim(lane: number, chunk: number): [number, number] | null {
    const w = this.words;
    const front = (l: number) => 1 + this.lanes + 2 * l;
    this.lock();
    try {
      w[1 + lane] = 1;
      const own = front(lane);
      if (w[own] < w[own + 1]) {
        const from = w[own];
        w[own] = Math.min(from + chunk, w[own + 1]);
        return [from, w[own]];
      }
      let fullest = -1;
      let most = 0;
      for (let l = 0; l < this.lanes; l++) {
        const left = w[front(l) + 1] - w[front(l)];
        if (left > most) {
          most = left;
          fullest = l;
        }
      }
      if (fullest < 0) return null;
      const f = front(fullest);
      const to = w[f + 1];
      w[f + 1] = Math.max(w[f], to - chunk);
      return [w[f + 1], to];
    } finally {
      this.unlock();
    }
  }

  /** Whether the thread of `lane` has claimed anything (a thread that has not never will once the board is empty). */
  started(lane: number): boolean {
    this.lock();
    try {
      return this.words[1 + lane] === 1;
    } finally {
      this.unlock();
    }
  }
}
