/**
 * The built-in example's answer as the build computed it (scripts/example-answer.ts through vite.config.ts, fetched
 * by main.ts beside the page's code), decoded; null when the build has none (tests).
 */
import { decodeAnswer, type ExampleAnswer } from '../../core/pipeline/answers.ts';

export async function decodeExampleAnswer(text: Promise<string | null>): Promise<ExampleAnswer | null> {
  const t = await text;
  return t ? decodeAnswer<ExampleAnswer>(t) : null;
}

/** Runs `task` when the page is idle after its next render (the sections mount first, the workers compute after). */
export function whenIdle(task: () => void): void {
  requestAnimationFrame(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
    else setTimeout(task, 0);
  });
}
