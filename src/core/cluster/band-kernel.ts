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

function funcType(params: number[], result: number): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec([[result]])];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    funcType([I32, I32, I32, I32, ...Array<number>(9).fill(F64)], I32),
    funcType([I32, I32, I32, I32], F64),
  ];
  const bodies = [edgesBody(), runsBody()];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec([[0], [1]])),
    ...section(
      7,
      vec([
        [...name('edges'), 0x00, 0],
        [...name('runs'), 0x00, 1],
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

/**
 * A band kernel bound to its own memory, where the layouts it tests must live: `arena` hands out that memory, and
 * the kernel's own places (the edges of a sum, `places` + 2 of them, and its 9 column sums) are already taken.
 */
export interface BandKernel {
  memory: WebAssembly.Memory;
  arena: Arena;
  edges: EdgesFn;
  runs: RunsFn;
  edgesOut: Int32Array;
  sumsOut: Float64Array;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * A kernel over a new memory with `bytes` bytes for layouts (Arena.bytes of their arrays) and edges for up to
 * `places` points, or null where WebAssembly SIMD cannot run.
 */
export function bandKernel(bytes: number, places: number): BandKernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  try {
    const total = bytes + Arena.bytes(places + 2, 4) + Arena.bytes(9, 8);
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / 65536)) });
    const instance = new WebAssembly.Instance(compiled, { m: { memory } });
    const arena = new Arena(total, memory.buffer);
    return {
      memory,
      arena,
      edges: instance.exports.edges as EdgesFn,
      runs: instance.exports.runs as RunsFn,
      edgesOut: arena.i32(places + 2),
      sumsOut: arena.f64(9),
    };
  } catch {
    return null;
  }
}
