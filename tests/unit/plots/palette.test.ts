import { describe, expect, it } from 'vitest';
import { CLASS_COLORS, METHOD_COLORS, clusterColor } from '../../../src/ui/palette.ts';

const HEX = /^#[0-9a-f]{6}$/i;

describe('palette', () => {
  it('gives every class and method a distinct hex colour', () => {
    const classes = Object.values(CLASS_COLORS);
    expect(classes).toHaveLength(6);
    expect(new Set(classes).size).toBe(6);
    for (const m of ['cod', 'e2e-exp', 'e2e-passrate', 'bnsl', 'loss', 'flp-m', 'largest', 'actual']) {
      expect(METHOD_COLORS[m]).toMatch(HEX);
    }
    expect(new Set(Object.values(METHOD_COLORS)).size).toBe(Object.keys(METHOD_COLORS).length);
  });

  it('colours clusters consistently and distinctly for the first 36', () => {
    const first = Array.from({ length: 36 }, (_, i) => clusterColor(i));
    first.forEach((c) => expect(c).toMatch(HEX));
    expect(new Set(first).size).toBe(36);
    expect(clusterColor(3)).toBe(first[3]);
    expect(clusterColor(0)).toBe('#332288');
    const classes = new Set(Object.values(CLASS_COLORS).map((c) => c.toLowerCase()));
    for (let i = 0; i < 300; i++)
      expect(classes.has(clusterColor(i).toLowerCase()), `cluster ${i}`).toBe(false);
  });

  it('greys out noise and invalid ids', () => {
    expect(clusterColor(-1)).toBe('#999999');
    expect(clusterColor(NaN)).toBe('#999999');
  });
});
