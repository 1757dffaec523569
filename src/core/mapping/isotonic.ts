/** Weighted isotonic (non-decreasing) regression by pool-adjacent-violators; ys ordered by increasing x. */
export function isotonic(ys: number[], weights?: number[]): number[] {
  const value: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  ys.forEach((y, i) => {
    let v = y;
    let w = weights ? weights[i] : 1;
    let c = 1;
    while (value.length && value[value.length - 1] > v) {
      const pw = weight.pop()!;
      const pv = value.pop()!;
      c += count.pop()!;
      v = (pv * pw + v * w) / (pw + w);
      w += pw;
    }
    value.push(v);
    weight.push(w);
    count.push(c);
  });
  return value.flatMap((v, i) => new Array<number>(count[i]).fill(v));
}
