import { existsSync } from 'node:fs';

/** The Chromium executable the browser tests use: $CHROMIUM_PATH, else Debian's, else null. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}
