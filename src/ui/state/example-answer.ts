/**
 * The built-in example's answer as the build computed it (scripts/example-answer.ts through vite.config.ts), loaded
 * apart from the page's code; null when the build has none (tests) or it cannot be read.
 */
import { decodeAnswer, type ExampleAnswer } from '../../core/pipeline/answers.ts';

export async function loadExampleAnswer(): Promise<ExampleAnswer | null> {
  const { default: text } = await import('virtual:example-answer');
  return text ? decodeAnswer<ExampleAnswer>(text) : null;
}

/** Runs `task` when the page is idle after its next render (the sections mount first, the workers compute after). */
export function whenIdle(task: () => void): void {
  requestAnimationFrame(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
    else setTimeout(task, 0);
  });
}
