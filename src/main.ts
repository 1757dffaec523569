import './ui/app.css';
import { applyRuntimeCsp } from './share/csp.ts';
import { computeWorker } from './ui/state/workers.ts';

// Before the app fetches anything: connect-src down to this origin plus the ?data= origin (see share/csp.ts).
applyRuntimeCsp();

// The compute workers load their code while the page's own is fetched and parsed, not after.
const workers = { compute: computeWorker(), baselines: computeWorker() };
// Fetched beside the page's code too: the example's answer computed at build time is what a first visit shows.
const exampleAnswer = import('virtual:example-answer').then((m) => m.default);
const { mountApp } = await import('./ui/mount.ts');
mountApp(document.getElementById('app') as HTMLElement, workers, exampleAnswer);
