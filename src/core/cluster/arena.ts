/**
 * Typed arrays carved out of one ArrayBuffer allocated at once. An allocator hands a large zeroed block over as pages
 * the OS maps in only when first written, while many separate arrays of the same size are often cleared in reused
 * memory at once: room reserved for lists that stay small then costs page faults for nothing (the 3,000-point hard
 * set's 32 neighbour lists: about 3,400 faults and 40 ms in their constructors).
 */
export class Arena {
  private readonly buffer: ArrayBuffer;
  private offset = 0;

  /**
   * Room for `bytes` bytes (a sum of `Arena.bytes` of the arrays to take), in `buffer` when given (a WebAssembly
   * memory's, for arrays its functions read), else in a new one.
   */
  constructor(bytes: number, buffer?: ArrayBuffer) {
    if (buffer && buffer.byteLength < bytes) throw new RangeError('arena: the buffer given is too small');
    this.buffer = buffer ?? new ArrayBuffer(bytes);
  }

  /** Bytes an array of `length` elements of `size` bytes takes in an arena (8-byte aligned). */
  static bytes(length: number, size: 4 | 8): number {
    return Math.ceil((length * size) / 8) * 8;
  }

  f64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(length, 8), length);
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.take(length, 4), length);
  }

  i32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(length, 4), length);
  }

  private take(length: number, size: 4 | 8): number {
    const at = this.offset;
    this.offset += Arena.bytes(length, size);
    if (this.offset > this.buffer.byteLength) throw new RangeError('arena: no room left');
    return at;
  }
}
