#!/usr/bin/env node
// Runs a TypeScript entry point of this repository in node (tsx loader), so the CLI, benchmarks and report
// need no build step after `npm ci`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const [entry, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(resolve(entry)).href);
