import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { applyRuntimeCsp } from './share/csp.ts';

// Before the app fetches anything: connect-src down to this origin plus the ?data= origin (see share/csp.ts).
applyRuntimeCsp();

mount(App, { target: document.getElementById('app') as HTMLElement });
