/**
 * The band test of an 8-D sorted layout (sorted.ts) as a WebAssembly SIMD function: two points at once, one in each
 * lane of an f64x2, each lane accumulating its squared distance over j = 0..7 in the same order and with the same
 * IEEE operations as the JavaScript test (WebAssembly never fuses a multiply and an add), so every point is decided
 * exactly as there. The points are laid out in pairs, coordinate by coordinate: point i's coordinate j is double
 * (i >> 1)·16 + 2j + (i & 1). Where WebAssembly cannot be compiled (a page whose Content-Security-Policy forbids it,
 * an engine without SIMD), `bandKernel` gives null and the layout keeps its JavaScript test.
 */
import { Arena } from './arena.ts';

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

/** Signed LEB128 of a small constant. */
function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// instructions
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const ADD = 0x6a;
const MUL = 0x6c;
const AND = 0x71;
const XOR = 0x73;
const SHL = 0x74;
const SHR_U = 0x76;
const GE_S = 0x4e;
const EQZ = 0x45;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_ADD = 0xa0;
const F64_LE = 0x65;
const f64Load = (offset: number) => [0x2b, 3, ...uleb(offset)];
const f64Store = (offset: number) => [0x39, 3, ...uleb(offset)];
const i32Load = (offset: number) => [0x28, 2, ...uleb(offset)];
const i32Store = [0x36, 2, 0];
const v128Load = (offset: number, align = 4) => simd(0x00, align, ...uleb(offset));
const v128Store = (offset: number) => simd(0x0b, 3, ...uleb(offset));
const LT_S = 0x48;
const F64X2_SPLAT = 0x14;
const F64X2_LE = 0x4b;
const F64X2_ADD = 0xf0;
const F64X2_SUB = 0xf1;
const F64X2_MUL = 0xf2;
const I64X2_BITMASK = 0xc4;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = 0x0b;
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];

// parameters: coords (byte offset), from, to, edges (byte offset), q0..q7, r2
const P_COORDS = 0;
const P_FROM = 1;
const P_TO = 2;
const P_EDGES = 3;
const P_Q = 4;
const P_R2 = 12;
// locals
const L_K = 13;
const L_N = 14;
const L_WAS = 15;
const L_IN = 16;
const L_ADDR = 17;
const L_MASK = 18;
const L_S = 19;
const L_QV = 20; // 8 splats
const L_R2V = 28;
const L_SV = 29;

/** edges[n] = k; n += inside ^ was; was = inside (inside on the stack top is taken from L_IN). */
function edge(k: number[]): number[] {
  return [
    ...get(P_EDGES),
    ...get(L_N),
    ...i32(2),
    SHL,
    ADD,
    ...k,
    ...i32Store,
    ...get(L_N),
    ...get(L_IN),
    ...get(L_WAS),
    XOR,
    ADD,
    ...set(L_N),
    ...get(L_IN),
    ...set(L_WAS),
  ];
}

/** The test of the single point k (one lane of its pair), then its edge. */
function single(): number[] {
  const code = [
    // addr = coords + (k >> 1)·128 + (k & 1)·8
    ...get(P_COORDS),
    ...get(L_K),
    ...i32(1),
    SHR_U,
    ...i32(128),
    MUL,
    ADD,
    ...get(L_K),
    ...i32(1),
    AND,
    ...i32(8),
    MUL,
    ADD,
    ...set(L_ADDR),
  ];
  for (let j = 0; j < 8; j++) {
    code.push(...get(L_ADDR), ...f64Load(16 * j), ...get(P_Q + j), F64_SUB, ...set(L_S));
    code.push(...get(L_S), ...get(L_S), F64_MUL);
    if (j > 0) code.push(F64_ADD);
  }
  code.push(...get(P_R2), F64_LE, ...set(L_IN));
  return [...code, ...edge(get(L_K))];
}

function edgesBody(): number[] {
  const code: number[] = [];
  // edges[0] = 0; n = 1; was = 1; k = from
  code.push(...get(P_EDGES), ...i32(0), ...i32Store);
  code.push(...i32(1), ...set(L_N), ...i32(1), ...set(L_WAS), ...get(P_FROM), ...set(L_K));
  for (let j = 0; j < 8; j++) code.push(...get(P_Q + j), ...simd(F64X2_SPLAT), ...set(L_QV + j));
  code.push(...get(P_R2), ...simd(F64X2_SPLAT), ...set(L_R2V));
  // an odd first point is the second lane of a pair whose first lane is not in the band
  code.push(...get(L_K), ...i32(1), AND, ...IF);
  code.push(
    ...get(L_K),
    ...get(P_TO),
    GE_S,
    EQZ,
    ...IF,
    ...single(),
    ...get(L_K),
    ...i32(1),
    ADD,
    ...set(L_K),
    END,
  );
  code.push(END);
  // pairs while k + 1 < to
  code.push(...BLOCK, ...LOOP);
  code.push(...get(L_K), ...i32(1), ADD, ...get(P_TO), GE_S, ...brIf(1));
  code.push(...get(P_COORDS), ...get(L_K), ...i32(64), MUL, ADD, ...set(L_ADDR));
  for (let j = 0; j < 8; j++) {
    code.push(...get(L_ADDR), ...v128Load(16 * j), ...get(L_QV + j), ...simd(F64X2_SUB), ...set(L_SV));
    code.push(...get(L_SV), ...get(L_SV), ...simd(F64X2_MUL));
    if (j > 0) code.push(...simd(F64X2_ADD));
  }
  code.push(...get(L_R2V), ...simd(F64X2_LE), ...simd(I64X2_BITMASK), ...set(L_MASK));
  code.push(...get(L_MASK), ...i32(1), AND, ...set(L_IN), ...edge(get(L_K)));
  code.push(...get(L_MASK), ...i32(1), SHR_U, ...set(L_IN), ...edge([...get(L_K), ...i32(1), ADD]));
  code.push(...get(L_K), ...i32(2), ADD, ...set(L_K), ...br(0), END, END);
  // a last point alone
  code.push(
    ...get(L_K),
    ...get(P_TO),
    GE_S,
    EQZ,
    ...IF,
    ...single(),
    ...get(L_K),
    ...i32(1),
    ADD,
    ...set(L_K),
    END,
  );
  // edges[n] = to; return n + was
  code.push(...get(P_EDGES), ...get(L_N), ...i32(2), SHL, ADD, ...get(P_TO), ...i32Store);
  code.push(...get(L_N), ...get(L_WAS), ADD, END);
  const locals = vec([
    [...uleb(6), I32],
    [...uleb(1), F64],
    [...uleb(10), V128],
  ]);
  return [...locals, ...code];
}

/**
 * runs(prefix, edges, places, out): Σ over the runs [edges[e], edges[e + 1]) of prefix row end − row start, the 9
 * columns of 8-D prefix rows, as doubles at byte offset `out`; returns the last (the weight). The rows hold integer
 * sums, so the total is exact in any order.
 */
function runsBody(): number[] {
  const [P, E, N, OUT] = [0, 1, 2, 3];
  const [K, A, B, ACC, LAST] = [4, 5, 6, 7, 11];
  const row = (edgeOffset: number, local: number) => [
    ...get(P),
    ...get(E),
    ...get(K),
    ...i32(2),
    SHL,
    ADD,
    ...i32Load(edgeOffset),
    ...i32(72),
    MUL,
    ADD,
    ...set(local),
  ];
  const code: number[] = [...i32(0), ...set(K)];
  code.push(...BLOCK, ...LOOP, ...get(K), ...get(N), LT_S, EQZ, ...brIf(1));
  code.push(...row(0, A), ...row(4, B));
  for (let v = 0; v < 4; v++) {
    code.push(...get(ACC + v), ...get(B), ...v128Load(16 * v, 3), ...get(A), ...v128Load(16 * v, 3));
    code.push(...simd(F64X2_SUB), ...simd(F64X2_ADD), ...set(ACC + v));
  }
  code.push(
    ...get(LAST),
    ...get(B),
    ...f64Load(64),
    ...get(A),
    ...f64Load(64),
    F64_SUB,
    F64_ADD,
    ...set(LAST),
  );
  code.push(...get(K), ...i32(2), ADD, ...set(K), ...br(0), END, END);
  for (let v = 0; v < 4; v++) code.push(...get(OUT), ...get(ACC + v), ...v128Store(16 * v));
  code.push(...get(OUT), ...get(LAST), ...f64Store(64), ...get(LAST), END);
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(4), V128],
    [...uleb(1), F64],
  ]);
  return [...locals, ...code];
}

/**
 * lay(order, slot, n, coords, numerators, weights, outCoords, outPrefix): sorted.ts's layout of n points (place i
 * holds tree slot slot[order[i]]): their coordinates in the pair layout, and prefix rows 1..n of their numerators and
 * weight (row 0, zeros, is the caller's). Integer sums, exact in any order. Returns n.
 */
function layBody(): number[] {
  const [ORDER, SLOT, N, TC, NUM, TW, C, P] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [I, T, A, DST, O, ACC, LAST] = [8, 9, 10, 11, 12, 13, 17];
  const code: number[] = [...i32(0), ...set(I)];
  code.push(...BLOCK, ...LOOP, ...get(I), ...get(N), LT_S, EQZ, ...brIf(1));
  // t = slot[order[i]]
  code.push(...get(SLOT), ...get(ORDER), ...get(I), ...i32(2), SHL, ADD, ...i32Load(0), ...i32(2), SHL, ADD);
  code.push(...i32Load(0), ...set(T));
  code.push(...get(TC), ...get(T), ...i32(6), SHL, ADD, ...set(A));
  code.push(
    ...get(C),
    ...get(I),
    ...i32(1),
    SHR_U,
    ...i32(7),
    SHL,
    ADD,
    ...get(I),
    ...i32(1),
    AND,
    ...i32(3),
    SHL,
  );
  code.push(ADD, ...set(DST));
  for (let j = 0; j < 8; j++) code.push(...get(DST), ...get(A), ...f64Load(8 * j), ...f64Store(16 * j));
  code.push(...get(NUM), ...get(T), ...i32(6), SHL, ADD, ...set(A));
  code.push(...get(P), ...get(I), ...i32(72), MUL, ADD, ...set(O));
  for (let v = 0; v < 4; v++) {
    code.push(...get(ACC + v), ...get(A), ...v128Load(16 * v, 3), ...simd(F64X2_ADD), ...set(ACC + v));
    code.push(...get(O), ...get(ACC + v), ...v128Store(72 + 16 * v));
  }
  code.push(...get(LAST), ...get(TW), ...get(T), ...i32(3), SHL, ADD, ...f64Load(0), F64_ADD, ...set(LAST));
  code.push(...get(O), ...get(LAST), ...f64Store(72 + 64));
  code.push(...get(I), ...i32(1), ADD, ...set(I), ...br(0), END, END, ...get(N), END);
  const locals = vec([
    [...uleb(5), I32],
    [...uleb(4), V128],
    [...uleb(1), F64],
  ]);
  return [...locals, ...code];
}

/**
 * pack(coords, slots, s, e, q0, …, q7, out2, rho2, outSlots, n): pruned.ts's packing of a list that keeps slots and
 * distances only: each tree slot of slots[s..e) is written at place n with its squared distance from q (accumulated
 * over j = 0..7, as everywhere), and n moves on when that is at most out2. Returns the new n.
 */
function packBody(): number[] {
  const [TC, TS, S, E, Q, OUT2, RHO2, SLOTS, N] = [0, 1, 2, 3, 4, 12, 13, 14, 15];
  const [K, PT, A, TMP, SUM] = [16, 17, 18, 19, 20];
  const code: number[] = [...get(S), ...set(K)];
  code.push(...BLOCK, ...LOOP, ...get(K), ...get(E), LT_S, EQZ, ...brIf(1));
  code.push(...get(TS), ...get(K), ...i32(2), SHL, ADD, ...i32Load(0), ...set(PT));
  code.push(...get(TC), ...get(PT), ...i32(6), SHL, ADD, ...set(A));
  for (let j = 0; j < 8; j++) {
    code.push(
      ...get(A),
      ...f64Load(8 * j),
      ...get(Q + j),
      F64_SUB,
      ...set(TMP),
      ...get(TMP),
      ...get(TMP),
      F64_MUL,
    );
    if (j > 0) code.push(F64_ADD);
  }
  code.push(...set(SUM));
  code.push(...get(RHO2), ...get(N), ...i32(3), SHL, ADD, ...get(SUM), ...f64Store(0));
  code.push(...get(SLOTS), ...get(N), ...i32(2), SHL, ADD, ...get(PT), ...i32Store);
  code.push(...get(N), ...get(SUM), ...get(OUT2), F64_LE, ADD, ...set(N));
  code.push(...get(K), ...i32(1), ADD, ...set(K), ...br(0), END, END, ...get(N), END);
  const locals = vec([
    [...uleb(3), I32],
    [...uleb(2), F64],
  ]);
  return [...locals, ...code];
}

function funcType(params: number[], result: number): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec([[result]])];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    funcType([I32, I32, I32, I32, ...Array<number>(9).fill(F64)], I32),
    funcType([I32, I32, I32, I32], F64),
    funcType([I32, I32, I32, I32, I32, I32, I32, I32], I32),
    funcType([I32, I32, I32, I32, ...Array<number>(9).fill(F64), I32, I32, I32], I32),
  ];
  const bodies = [edgesBody(), runsBody(), layBody(), packBody()];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0], [1], [2], [3]])),
    ...section(
      7,
      vec([
        [...name('edges'), 0x00, 0],
        [...name('runs'), 0x00, 1],
        [...name('lay'), 0x00, 2],
        [...name('pack'), 0x00, 3],
      ]),
    ),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ]);
}

/**
 * edges(coords, from, to, edges, q0, …, q7, r2): SortedBand's edges for points [from, to) of the pair layout at byte
 * offset `coords`, written as i32 at byte offset `edges`; returns the count of places.
 */
export type EdgesFn = (
  coords: number,
  from: number,
  to: number,
  edges: number,
  q0: number,
  q1: number,
  q2: number,
  q3: number,
  q4: number,
  q5: number,
  q6: number,
  q7: number,
  r2: number,
) => number;

/** runs(prefix, edges, places, out): see runsBody. */
export type RunsFn = (prefix: number, edges: number, places: number, out: number) => number;

/** lay(order, slot, n, coords, numerators, weights, outCoords, outPrefix): see layBody. */
export type LayFn = (
  order: number,
  slot: number,
  n: number,
  coords: number,
  numerators: number,
  weights: number,
  outCoords: number,
  outPrefix: number,
) => number;

/** pack(coords, slots, s, e, q0, …, q7, out2, rho2, outSlots, n): see packBody. */
export type PackFn = (
  coords: number,
  slots: number,
  s: number,
  e: number,
  q0: number,
  q1: number,
  q2: number,
  q3: number,
  q4: number,
  q5: number,
  q6: number,
  q7: number,
  out2: number,
  rho2: number,
  outSlots: number,
  n: number,
) => number;

/**
 * The kernels bound to their own memory, where every array they read or write must live: `arena` hands out that
 * memory, after the kernels' own arrays (the edges of a sum, its 9 column sums, a layout's order, and copies of the
 * tree's lattice points: coordinates, numerators, weights, and its slots 0..size−1 in order).
 */
export interface BandKernel {
  memory: WebAssembly.Memory;
  arena: Arena;
  edges: EdgesFn;
  runs: RunsFn;
  lay: LayFn;
  pack: PackFn;
  edgesOut: Int32Array;
  sumsOut: Float64Array;
  order: Int32Array;
  coords: Float64Array;
  numerators: Float64Array;
  weights: Float64Array;
  identity: Int32Array;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernels over a new memory with `bytes` bytes for lists and layouts (Arena.bytes of their arrays), layouts of up to
 * `places` points, and a copy of a tree's 8-D lattice points (coordinates, numerators and weights by tree slot); or
 * null where WebAssembly SIMD cannot run.
 */
export function bandKernel(
  bytes: number,
  places: number,
  coords: Float64Array,
  numerators: Float64Array,
  weights: Float64Array,
): BandKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  try {
    const size = weights.length;
    const own =
      Arena.bytes(places + 2, 4) +
      Arena.bytes(9, 8) +
      Arena.bytes(places, 4) +
      2 * Arena.bytes(size * 8, 8) +
      Arena.bytes(size, 8) +
      Arena.bytes(size, 4);
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((bytes + own) / 65536)) });
    const instance = new WebAssembly.Instance(compiled, { m: { memory } });
    const arena = new Arena(bytes + own, memory.buffer);
    const exports = instance.exports;
    const kernel: BandKernel = {
      memory,
      arena,
      edges: exports.edges as EdgesFn,
      runs: exports.runs as RunsFn,
      lay: exports.lay as LayFn,
      pack: exports.pack as PackFn,
      edgesOut: arena.i32(places + 2),
      sumsOut: arena.f64(9),
      order: arena.i32(places),
      coords: arena.f64(size * 8),
      numerators: arena.f64(size * 8),
      weights: arena.f64(size),
      identity: arena.i32(size),
    };
    kernel.coords.set(coords.subarray(0, size * 8));
    kernel.numerators.set(numerators.subarray(0, size * 8));
    kernel.weights.set(weights.subarray(0, size));
    for (let k = 0; k < size; k++) kernel.identity[k] = k;
    return kernel;
  } catch {
    return null;
  }
}
