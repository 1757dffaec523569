/** The page's code, loaded by main.ts once the compute workers are starting. */
import { mount } from 'svelte';
import type { Remote } from 'comlink';
import App from './App.svelte';
import type { ComputeApi } from './state/workers.ts';

export function mountApp(
  target: HTMLElement,
  workers: { compute: Remote<ComputeApi>; baselines: Remote<ComputeApi> },
  exampleAnswer: Promise<string | null>,
): void {
  mount(App, { target, props: { ...workers, exampleAnswer } });
}
