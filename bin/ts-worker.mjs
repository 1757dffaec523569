// Worker-thread entry that loads a TypeScript module of this repository (tsx loader), for node-side parallelism.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
