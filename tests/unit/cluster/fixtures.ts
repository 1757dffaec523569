// Loads the shared golden references (never copied into the repo): <repo>/../shared/reference.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const base = new URL('../../../../shared/reference/', import.meta.url);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadFixture(rel: string): any {
  return JSON.parse(readFileSync(fileURLToPath(new URL(rel, base)), 'utf8'));
}

export const DATASETS = [
  'blobs2d_50',
  'blobs2d_500',
  'dups3d_300',
  'passrate8d_300',
  'passrate8d_gsm_1300',
  'passrate8d_2000',
  'passrate8d_math_3000',
];

export const IMPROVED_DATASETS = [
  'passrate8d_300',
  'passrate8d_gsm_1300',
  'passrate8d_2000',
  'passrate8d_math_3000',
];
