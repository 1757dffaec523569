// @vitest-environment jsdom
import { afterEach, expect, it } from 'vitest';
import { mount, unmount, flushSync } from 'svelte';
import Legend from '../../../src/ui/plots/Legend.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  document.body.innerHTML = '';
});

it('lists each item with its colour', () => {
  const target = document.createElement('div');
  document.body.append(target);
  app = mount(Legend, {
    target,
    props: {
      items: [
        { label: 'COD', color: '#0072B2' },
        { label: 'BNSL', color: '#009E73' },
      ],
    },
  });
  flushSync();
  const lis = [...target.querySelectorAll('li')];
  expect(lis.map((l) => l.textContent?.trim())).toEqual(['COD', 'BNSL']);
});
