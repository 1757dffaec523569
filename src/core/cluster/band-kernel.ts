/**
 * The inner loops of exact MeanShift's lattice lists (pruned.ts, sorted.ts) in 1–8 dimensions as WebAssembly SIMD
 * functions over one memory: packing a list, sorting and laying it out, its band test, the sums of its runs, and the
 * choice of the list for a step. Points of fewer
 * than 8 coordinates are padded with zeros, as is the query: each padded term is (0 − 0)² = +0, and adding +0 leaves
 * every sum exactly as it was.
 *
 * A layout here keeps each point's integer numerators k_j (x_j = k_j / D) as float32, four points a vector (point
 * i's coordinate j is float (i >> 2)·32 + 4j + (i & 3)), its tree slot, and prefix rows of its weighted numerators
 * as int32. The band test computes Σ (k_j − D·q_j)² in float32, four points at once, and decides a point from it
 * only where that sum is farther from D²·r2 than its rounding can reach (`bandThresholds`); the few points nearer
 * are decided by the exact test (Σ over j = 0..7 of (x_j − q_j)² in float64, in that order, as in JavaScript), from
 * the kernel's copy of the tree's coordinates. So every point is decided exactly as the JavaScript test decides it.
 * Where WebAssembly cannot be compiled (a page whose Content-Security-Policy forbids it, an engine without SIMD) or
 * the lattice is too large for float32 numerators and int32 sums, `bandKernel` gives null and the lists keep their
 * JavaScript loops.
 */
import { Arena } from './arena.ts';

const I32 = 0x7f;
const F32 = 0x7d;
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
const locals = (...groups: [number, number][]): number[] => vec(groups.map(([n, t]) => [...uleb(n), t]));

// instructions
const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const ADD = 0x6a;
const AND = 0x71;
const OR = 0x72;
const XOR = 0x73;
const SHL = 0x74;
const SHR_U = 0x76;
const LT_S = 0x48;
const EQZ = 0x45;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_LE = 0x65;
const load = (op: number, align: number) => (offset: number) => [op, align, ...uleb(offset)];
const i32Load = load(0x28, 2);
const f32Load = load(0x2a, 2);
const f64Load = load(0x2b, 3);
const i32Store = load(0x36, 2);
const f32Store = load(0x38, 2);
const f64Store = load(0x39, 3);
const v128Load = (offset: number, align = 4) => [...simd(0x00), align, ...uleb(offset)];
const v128Store = (offset: number) => [...simd(0x0b), 2, ...uleb(offset)];
const F32X4_SPLAT = 0x13;
const F32X4_LT = 0x43;
const F32X4_GT = 0x44;
const F32X4_ADD = 0xe4;
const F32X4_SUB = 0xe5;
const F32X4_MUL = 0xe6;
const I32X4_BITMASK = 0xa4;
const I32X4_ADD = 0xae;
const I32X4_SUB = 0xb1;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = 0x0b;
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const br = (depth: number) => [0x0c, ...uleb(depth)];
/** while (local < limit) { body; local += step } */
const loopUp = (local: number, limit: number[], step: number, body: number[]) => [
  ...BLOCK,
  ...LOOP,
  ...get(local),
  ...limit,
  LT_S,
  EQZ,
  ...brIf(1),
  ...body,
  ...get(local),
  ...i32(step),
  ADD,
  ...set(local),
  ...br(0),
  END,
  END,
];
/** base + index·2^shift */
const at = (base: number[], index: number[], shift: number) => [...base, ...index, ...i32(shift), SHL, ADD];
/**
 * Σ over j = 0..7 of (x_j − q_j)², accumulated in that order (the exact test's sum, as JavaScript computes it), for
 * the 8 doubles at the address in local `addr` and the query in locals q..q+7; `tmp` is a float64 scratch local.
 */
function squaredDistance(addr: number, q: number, tmp: number): number[] {
  const code: number[] = [];
  for (let j = 0; j < 8; j++) {
    code.push(
      ...get(addr),
      ...f64Load(8 * j),
      ...get(q + j),
      F64_SUB,
      ...set(tmp),
      ...get(tmp),
      ...get(tmp),
      F64_MUL,
    );
    if (j > 0) code.push(F64_ADD);
  }
  return code;
}

/** f64.const v (little-endian IEEE bytes) */
const f64 = (v: number) => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];

/**
 * edges(quads, places, from, to, edges, coords, Q0..Q7, lo, hi, q0..q7, r2): sorted.ts's edges for the points
 * [from, to) of a layout (its numerators in float32 quads, its tree slots), written as int32 at byte offset `edges`;
 * returns the count of places. Q: the query in numerator units (float32), lo and hi: bandThresholds'; q and r2 in
 * the points' units, for the exact test on the tree's coordinates at byte offset `coords`.
 */
function edgesBody(): number[] {
  const [QUADS, PLACES, FROM, TO, EDGES, TC, Q, LO, HI, QX, R2] = [0, 1, 2, 3, 4, 5, 6, 14, 15, 16, 24];
  const [K, N, WAS, IN, ADDR, MASK, AMB, LANE] = [25, 26, 27, 28, 29, 30, 31, 32];
  const T = 33;
  const [QV, LOV, HIV, S, D] = [34, 42, 43, 44, 45];
  /** edges[n] = k + lane; n += in ^ was; was = in */
  const edge = (lane: number[]) => [
    ...at(get(EDGES), get(N), 2),
    ...get(K),
    ...lane,
    ADD,
    ...i32Store(0),
    ...get(N),
    ...get(IN),
    ...get(WAS),
    XOR,
    ADD,
    ...set(N),
    ...get(IN),
    ...set(WAS),
  ];
  /** in = the exact test of the point at place k + lane */
  const exact = (lane: number[]) => {
    const code = [
      ...get(TC),
      ...at(get(PLACES), [...get(K), ...lane, ADD], 2),
      ...i32Load(0),
      ...i32(6),
      SHL,
      ADD,
      ...set(ADDR),
    ];
    code.push(...squaredDistance(ADDR, QX, T));
    return [...code, ...get(R2), F64_LE, ...set(IN)];
  };
  const one = [...exact(i32(0)), ...edge(i32(0))];
  const code: number[] = [];
  code.push(...get(EDGES), ...i32(0), ...i32Store(0));
  code.push(...i32(1), ...set(N), ...i32(1), ...set(WAS), ...get(FROM), ...set(K));
  for (let j = 0; j < 8; j++) code.push(...get(Q + j), ...simd(F32X4_SPLAT), ...set(QV + j));
  code.push(...get(LO), ...simd(F32X4_SPLAT), ...set(LOV), ...get(HI), ...simd(F32X4_SPLAT), ...set(HIV));
  // points before the first whole quad, one by one
  code.push(...BLOCK, ...LOOP, ...get(K), ...get(TO), LT_S, EQZ, ...brIf(1));
  code.push(
    ...get(K),
    ...i32(3),
    AND,
    EQZ,
    ...brIf(1),
    ...one,
    ...get(K),
    ...i32(1),
    ADD,
    ...set(K),
    ...br(0),
  );
  code.push(END, END);
  // whole quads
  const quad: number[] = [...at(get(QUADS), get(K), 5), ...set(ADDR)];
  for (let j = 0; j < 8; j++) {
    quad.push(...get(ADDR), ...v128Load(16 * j, 2), ...get(QV + j), ...simd(F32X4_SUB), ...set(D));
    quad.push(...get(D), ...get(D), ...simd(F32X4_MUL));
    if (j > 0) quad.push(...simd(F32X4_ADD));
  }
  quad.push(...set(S));
  quad.push(...get(S), ...get(LOV), ...simd(F32X4_LT), ...simd(I32X4_BITMASK), ...set(MASK));
  quad.push(...get(MASK), ...get(S), ...get(HIV), ...simd(F32X4_GT), ...simd(I32X4_BITMASK), OR);
  quad.push(...i32(15), XOR, ...set(AMB));
  // a lane the float32 sum cannot decide: the exact test decides it
  const lane: number[] = [...get(AMB), ...i32(1), ...get(LANE), SHL, AND, ...IF, ...exact(get(LANE))];
  lane.push(...get(MASK), ...get(IN), ...get(LANE), SHL, OR, ...set(MASK), END);
  quad.push(...get(AMB), ...IF, ...i32(0), ...set(LANE), ...loopUp(LANE, i32(4), 1, lane), END);
  for (let l = 0; l < 4; l++) {
    quad.push(
      ...get(MASK),
      ...(l > 0 ? [...i32(l), SHR_U] : []),
      ...i32(1),
      AND,
      ...set(IN),
      ...edge(i32(l)),
    );
  }
  code.push(...loopUp(K, [...get(TO), ...i32(3), 0x6b], 4, quad));
  // the points after the last whole quad
  code.push(...loopUp(K, get(TO), 1, one));
  code.push(...at(get(EDGES), get(N), 2), ...get(TO), ...i32Store(0), ...get(N), ...get(WAS), ADD, END);
  return [...locals([8, I32], [1, F64], [12, V128]), ...code];
}

/**
 * runs(prefix, edges, places, out): Σ over the runs [edges[e], edges[e + 1]) of prefix row end − row start, the 9
 * int32 columns of a layout's prefix rows, as int32 at byte offset `out`; returns the last (the weight). Exact: every
 * total fits in int32 (bandKernel checks the lattice's).
 */
function runsBody(): number[] {
  const [P, E, NP, OUT] = [0, 1, 2, 3];
  const [K, A, B, LAST, ACC] = [4, 5, 6, 7, 8];
  const row = (offset: number, local: number) => [
    ...get(P),
    ...at(get(E), get(K), 2),
    ...i32Load(offset),
    ...i32(36),
    0x6c,
    ADD,
    ...set(local),
  ];
  const body: number[] = [...row(0, A), ...row(4, B)];
  for (let v = 0; v < 2; v++) {
    body.push(...get(ACC + v), ...get(B), ...v128Load(16 * v, 2), ...get(A), ...v128Load(16 * v, 2));
    body.push(...simd(I32X4_SUB), ...simd(I32X4_ADD), ...set(ACC + v));
  }
  body.push(...get(LAST), ...get(B), ...i32Load(32), ...get(A), ...i32Load(32), 0x6b, ADD, ...set(LAST));
  const code = [...i32(0), ...set(K), ...loopUp(K, get(NP), 2, body)];
  for (let v = 0; v < 2; v++) code.push(...get(OUT), ...get(ACC + v), ...v128Store(16 * v));
  code.push(...get(OUT), ...get(LAST), ...i32Store(32), ...get(LAST), END);
  return [...locals([4, I32], [2, V128]), ...code];
}

/**
 * lay(order, slot, n, codes, numerators, weights, quads, places, prefix): a layout of n points, place i holding tree
 * slot t = slot[order[i]]: its numerators (float32, from `codes`) in the quads, t in `places`, and prefix rows 1..n
 * of its weighted numerators and weight (int32; row 0, zeros, is the caller's). Returns n.
 */
function layBody(): number[] {
  const [ORDER, SLOT, N, CODES, NUM, TW, QUADS, PLACES, P] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [I, T, SRC, DST, O, LAST, ACC] = [9, 10, 11, 12, 13, 14, 15];
  const body: number[] = [...get(SLOT), ...at(get(ORDER), get(I), 2), ...i32Load(0), ...i32(2), SHL, ADD];
  body.push(...i32Load(0), ...set(T));
  body.push(...at(get(PLACES), get(I), 2), ...get(T), ...i32Store(0));
  body.push(...at(get(CODES), get(T), 5), ...set(SRC));
  body.push(
    ...at(get(QUADS), [...get(I), ...i32(2), SHR_U], 7),
    ...get(I),
    ...i32(3),
    AND,
    ...i32(2),
    SHL,
    ADD,
  );
  body.push(...set(DST));
  for (let j = 0; j < 8; j++) body.push(...get(DST), ...get(SRC), ...f32Load(4 * j), ...f32Store(16 * j));
  body.push(...at(get(NUM), get(T), 5), ...set(SRC));
  body.push(...get(P), ...get(I), ...i32(36), 0x6c, ADD, ...set(O));
  for (let v = 0; v < 2; v++) {
    body.push(...get(ACC + v), ...get(SRC), ...v128Load(16 * v, 2), ...simd(I32X4_ADD), ...set(ACC + v));
    body.push(...get(O), ...get(ACC + v), ...v128Store(36 + 16 * v));
  }
  body.push(...get(LAST), ...at(get(TW), get(T), 2), ...i32Load(0), ADD, ...set(LAST));
  body.push(...get(O), ...get(LAST), ...i32Store(36 + 32));
  const code = [...i32(0), ...set(I), ...loopUp(I, get(N), 1, body), ...get(N), END];
  return [...locals([6, I32], [2, V128]), ...code];
}

/**
 * pack(coords, slots, s, e, q0, …, q7, out2, rho2, outSlots, n): pruned.ts's packing of a list that keeps slots and
 * distances only: each tree slot of slots[s..e) is written at place n with its squared distance from q (accumulated
 * over j = 0..7, as everywhere), and n moves on when that is at most out2. Returns the new n.
 */
function packBody(): number[] {
  const [TC, TS, S, E, Q, OUT2, RHO2, SLOTS, N] = [0, 1, 2, 3, 4, 12, 13, 14, 15];
  const [K, PT, A, TMP, SUM] = [16, 17, 18, 19, 20];
  const body: number[] = [...at(get(TS), get(K), 2), ...i32Load(0), ...set(PT)];
  body.push(...at(get(TC), get(PT), 6), ...set(A));
  body.push(...squaredDistance(A, Q, TMP));
  body.push(...set(SUM));
  body.push(...at(get(RHO2), get(N), 3), ...get(SUM), ...f64Store(0));
  body.push(...at(get(SLOTS), get(N), 2), ...get(PT), ...i32Store(0));
  body.push(...get(N), ...get(SUM), ...get(OUT2), F64_LE, ADD, ...set(N));
  const code = [...get(S), ...set(K), ...loopUp(K, get(E), 1, body), ...get(N), END];
  return [...locals([3, I32], [2, F64]), ...code];
}

/**
 * sort(rho2, n, binScale, nBins, start, bins, order): sorted.ts's counting sort of a list's n points by bin =
 * min(nBins − 1, floor(rho2·binScale)): start[b + 1] ends as the first place of bin b + 1 (start[0] = 0, start[1]
 * the first place of bin 1 … as sorted.ts reads them), order[place] = the list's point there, bins[k] each point's
 * bin. The same float64 operations as Math.floor(rho2 * binScale). Returns n.
 */
function sortBody(): number[] {
  const [RHO2, N, SCALE, NB, START, BINS, ORDER] = [0, 1, 2, 3, 4, 5, 6];
  const [K, B, A, PL] = [7, 8, 9, 10];
  const code: number[] = [...i32(0), ...set(K)];
  code.push(
    ...loopUp(K, [...get(NB), ...i32(2), ADD], 1, [...at(get(START), get(K), 2), ...i32(0), ...i32Store(0)]),
  );
  const count: number[] = [
    ...at(get(RHO2), get(K), 3),
    ...f64Load(0),
    ...get(SCALE),
    F64_MUL,
    0x9c,
    0xaa,
    ...set(B),
  ];
  // Math.min(nBins − 1, b): b when b < nBins − 1
  count.push(
    ...get(B),
    ...get(NB),
    ...i32(1),
    0x6b,
    ...get(B),
    ...get(NB),
    ...i32(1),
    0x6b,
    LT_S,
    0x1b,
    ...set(B),
  );
  count.push(...at(get(BINS), get(K), 2), ...get(B), ...i32Store(0));
  count.push(
    ...at(get(START), [...get(B), ...i32(2), ADD], 2),
    ...set(A),
    ...get(A),
    ...get(A),
    ...i32Load(0),
  );
  count.push(...i32(1), ADD, ...i32Store(0));
  code.push(...i32(0), ...set(K), ...loopUp(K, get(N), 1, count));
  const prefix: number[] = [...at(get(START), get(K), 2), ...set(A), ...get(A), ...get(A), ...i32Load(0)];
  prefix.push(...get(A), ...i32(4), 0x6b, ...i32Load(0), ADD, ...i32Store(0));
  code.push(...i32(2), ...set(K), ...loopUp(K, [...get(NB), ...i32(2), ADD], 1, prefix));
  const place: number[] = [
    ...at(get(START), [...at(get(BINS), get(K), 2), ...i32Load(0), ...i32(1), ADD], 2),
  ];
  place.push(...set(A), ...get(A), ...i32Load(0), ...set(PL));
  place.push(
    ...at(get(ORDER), get(PL), 2),
    ...get(K),
    ...i32Store(0),
    ...get(A),
    ...get(PL),
    ...i32(1),
    ADD,
    ...i32Store(0),
  );
  code.push(...i32(0), ...set(K), ...loopUp(K, get(N), 1, place), ...get(N), END);
  return [...locals([4, I32]), ...code];
}

/**
 * cover(centres, reach2, sizes, count, q0..q7, r, out): neighbours.ts's choice of a list for query q among `count`
 * pooled lists (centres in pairs, list i's coordinate j at double (i >> 1)·16 + 2j + (i & 1)): of those with
 * s2 = Σ over j = 0..7 of (q_j − c_j)² (in that order) at most reach2[i], the first of least cost
 * sizes[i]·(1 + 8·√s2 / r), in the same float64 operations as there. Writes its s2 and cost as doubles at `out`
 * (0 and Infinity when none) and returns its index, or −1.
 */
function coverBody(): number[] {
  const [C, REACH, SIZES, N, Q, RR, OUT] = [0, 1, 2, 3, 4, 12, 13];
  const [P, I, BEST, S2, COST, BC, BD, V, D, QV] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const candidate = [
    ...get(S2),
    ...at(get(REACH), get(I), 3),
    ...f64Load(0),
    0x64,
    EQZ,
    ...IF,
    ...at(get(SIZES), get(I), 3),
    ...f64Load(0),
    ...f64(1),
    ...f64(8),
    ...get(S2),
    0x9f,
    F64_MUL,
    ...get(RR),
    0xa3,
    F64_ADD,
    F64_MUL,
    ...set(COST),
    ...get(COST),
    ...get(BC),
    0x63,
    ...IF,
    ...get(COST),
    ...set(BC),
    ...get(S2),
    ...set(BD),
    ...get(I),
    ...set(BEST),
    END,
    END,
  ];
  const code: number[] = [...i32(-1), ...set(BEST), ...f64(Infinity), ...set(BC)];
  for (let j = 0; j < 8; j++) code.push(...get(Q + j), ...simd(0x14), ...set(QV + j));
  const pair: number[] = [];
  for (let j = 0; j < 8; j++) {
    pair.push(
      ...get(C),
      ...get(P),
      ...i32(6),
      SHL,
      ADD,
      ...v128Load(16 * j, 3),
      ...get(QV + j),
      ...simd(0xf1),
    );
    pair.push(...set(D), ...get(D), ...get(D), ...simd(0xf2));
    if (j > 0) pair.push(...simd(0xf0));
  }
  pair.push(...set(V));
  pair.push(...get(P), ...set(I), ...get(V), ...simd(0x21), 0, ...set(S2), ...candidate);
  pair.push(...get(P), ...i32(1), ADD, ...set(I), ...get(I), ...get(N), LT_S, ...IF);
  pair.push(...get(V), ...simd(0x21), 1, ...set(S2), ...candidate, END);
  code.push(...i32(0), ...set(P), ...loopUp(P, get(N), 2, pair));
  code.push(
    ...get(OUT),
    ...get(BD),
    ...f64Store(0),
    ...get(OUT),
    ...get(BC),
    ...f64Store(8),
    ...get(BEST),
    END,
  );
  return [...locals([3, I32], [4, F64], [10, V128]), ...code];
}

function funcType(params: number[], result: number): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec([[result]])];
}

const EIGHT_F32 = Array<number>(8).fill(F32);
const EIGHT_F64 = Array<number>(8).fill(F64);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const types = [
    funcType([I32, I32, I32, I32, I32, I32, ...EIGHT_F32, F32, F32, ...EIGHT_F64, F64], I32),
    funcType([I32, I32, I32, I32], I32),
    funcType(Array<number>(9).fill(I32), I32),
    funcType([I32, I32, I32, I32, ...EIGHT_F64, F64, I32, I32, I32], I32),
    funcType([I32, I32, F64, I32, I32, I32, I32], I32),
    funcType([I32, I32, I32, I32, ...EIGHT_F64, F64, I32], I32),
  ];
  const bodies = [edgesBody(), runsBody(), layBody(), packBody(), sortBody(), coverBody()];
  const exports = ['edges', 'runs', 'lay', 'pack', 'sort', 'cover'].map((n, i) => [...name(n), 0x00, i]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vec(types.map((_, i) => [i]))),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
  ]);
}

/** edges(quads, places, from, to, edges, coords, Q0..Q7, lo, hi, q0..q7, r2): see edgesBody. */
export type EdgesFn = (...args: number[]) => number;
/** runs(prefix, edges, places, out): see runsBody. */
export type RunsFn = (prefix: number, edges: number, places: number, out: number) => number;
/** lay(order, slot, n, codes, numerators, weights, quads, places, prefix): see layBody. */
export type LayFn = (...args: number[]) => number;
/** pack(coords, slots, s, e, q0, …, q7, out2, rho2, outSlots, n): see packBody. */
export type PackFn = (...args: number[]) => number;
/** sort(rho2, n, binScale, nBins, start, bins, order): see sortBody. */
export type SortFn = (...args: number[]) => number;
/** cover(centres, reach2, sizes, count, q0..q7, r, out): see coverBody. */
export type CoverFn = (...args: number[]) => number;

/**
 * The kernels bound to their own memory, where every array they read or write must live: `arena` hands out that
 * memory after the kernels' own arrays (the edges and 9 column sums of a sum, a layout's order and bins, and the tree's
 * points by slot: coordinates, numerators k as float32, weighted numerators and weights as int32, and the slots
 * 0..size−1 in order).
 */
export interface BandKernel {
  memory: WebAssembly.Memory;
  /** The memory's buffer, read once: the memory never grows, so an array is in it exactly when its buffer is this. */
  buffer: ArrayBuffer;
  arena: Arena;
  edges: EdgesFn;
  runs: RunsFn;
  lay: LayFn;
  pack: PackFn;
  sort: SortFn;
  cover: CoverFn;
  /** The lattice's denominator and the largest |k| of its points. */
  D: number;
  largest: number;
  edgesOut: Int32Array;
  sumsOut: Int32Array;
  order: Int32Array;
  bins: Int32Array;
  coords: Float64Array;
  codes: Float32Array;
  numerators: Int32Array;
  weights: Int32Array;
  identity: Int32Array;
}

/** Largest |k| whose float32 numerators and their squares keep the rounding bounds of bandThresholds small. */
const MAX_NUMERATOR = 2 ** 20;
const INT32_MAX = 2 ** 31 - 1;
const U = 2 ** -24;

/**
 * The float32 thresholds of the band test for a query in numerator units Q (Q_j = fround(q_j·D)) and radius r2: a
 * point whose float32 Σ (k_j − Q_j)² is below lo is within r2 of q by the exact test, above hi beyond it. The float32
 * sum is within e = 2.02·M·u·√(8W) + 10.2·u·W + 8.2·M²·u² of the real Σ (k_j − D·q_j)² near W = D²·r2 (u = 2^−24,
 * M ≥ every |k_j| and |Q_j|: the rounding of Q, of each difference, square and sum); the thresholds leave twice
 * that, the float32 rounding of W and the float64 test's own (below 10^−13·W).
 */
export function bandThresholds(r2: number, D: number, M: number): { lo: number; hi: number } {
  const W = r2 * D * D;
  const e = 2.02 * M * U * Math.sqrt(8 * W) + 10.2 * U * W + 8.2 * M * M * U * U;
  const tol = 2 * e + 2 * U * W + 1e-13 * W;
  return { lo: Math.fround(W - 2 * tol), hi: Math.fround(W + 2 * tol) };
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Kernels over a new memory with `bytes` bytes for lists and layouts (Arena.bytes of their arrays), layouts of up to
 * `places` points, and a copy of a tree's d-dimensional points (d ≤ 8, rows of d) on the lattice of denominator D
 * (coordinates, weighted numerators and weights by tree slot, padded to 8 coordinates); or null where WebAssembly
 * SIMD cannot run, or where a numerator exceeds 2^20 or a column's total of |weighted numerators| (or the total
 * weight) 2^31 − 1.
 */
export function bandKernel(
  bytes: number,
  places: number,
  D: number,
  coords: Float64Array,
  numerators: Float64Array,
  weights: Float64Array,
): BandKernel | null {
  const size = weights.length;
  const d = size > 0 ? coords.length / size : 8;
  if (d < 1 || d > 8) return null;
  let largest = 0;
  const totals = new Float64Array(9);
  for (let t = 0; t < size; t++) {
    for (let j = 0; j < d; j++) {
      largest = Math.max(largest, Math.abs(Math.round(coords[t * d + j] * D)));
      totals[j] += Math.abs(numerators[t * d + j]);
    }
    totals[8] += weights[t];
  }
  if (largest > MAX_NUMERATOR || totals.some((v) => v > INT32_MAX)) return null;
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  try {
    const own =
      Arena.bytes(places + 2, 4) +
      Arena.bytes(9, 4) +
      2 * Arena.bytes(places, 4) +
      Arena.bytes(size * 8, 8) +
      3 * Arena.bytes(size * 8, 4) +
      2 * Arena.bytes(size, 4);
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((bytes + own) / 65536)) });
    const instance = new WebAssembly.Instance(compiled, { m: { memory } });
    const arena = new Arena(bytes + own, memory.buffer);
    const fn = instance.exports;
    const kernel: BandKernel = {
      memory,
      buffer: memory.buffer,
      arena,
      edges: fn.edges as EdgesFn,
      runs: fn.runs as RunsFn,
      lay: fn.lay as LayFn,
      pack: fn.pack as PackFn,
      sort: fn.sort as SortFn,
      cover: fn.cover as CoverFn,
      D,
      largest,
      edgesOut: arena.i32(places + 2),
      sumsOut: arena.i32(9),
      order: arena.i32(places),
      bins: arena.i32(places),
      coords: arena.f64(size * 8),
      codes: arena.f32(size * 8),
      numerators: arena.i32(size * 8),
      weights: arena.i32(size),
      identity: arena.i32(size),
    };
    for (let t = 0; t < size; t++)
      for (let j = 0; j < d; j++) {
        kernel.coords[t * 8 + j] = coords[t * d + j];
        kernel.codes[t * 8 + j] = Math.round(coords[t * d + j] * D);
        kernel.numerators[t * 8 + j] = numerators[t * d + j];
      }
    for (let t = 0; t < size; t++) {
      kernel.weights[t] = weights[t];
      kernel.identity[t] = t;
    }
    return kernel;
  } catch {
    return null;
  }
}
