/**
 * The built page's Content-Security-Policy. A static host cannot send headers we control, so the policy is a
 * `<meta>` tag, and a meta policy cannot name the `?data=` origin a visitor will open. Policies only ever add up
 * (a request must pass every one), so the page carries two: the static one below, whose `connect-src` is a
 * ceiling (own origin plus any http(s) origin), and a second one that main.ts adds before the app fetches
 * anything, limiting `connect-src` to the page's own origin plus the origin of its `?data=` URL. Trade-off: the
 * ceiling alone would allow any origin, but only script could use it, and no script but the app's own files can
 * run (`script-src 'self'`, no inline script, no eval).
 */

/** The static policy written into the built index.html. Styles allow inline attributes (Svelte and D3 set them). */
export const STATIC_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self' https: http:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The origin of the page's `?data=` URL when it is another http(s) origin, else null. */
export function dataOrigin(href: string): string | null {
  const page = new URL(href);
  const data = page.searchParams.get('data');
  if (!data) return null;
  let url: URL;
  try {
    url = new URL(data, page);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.origin === page.origin ? null : url.origin;
}

/** The narrowing policy for a page at `href`: its own origin plus its `?data=` origin. */
export function runtimeCsp(href: string): string {
  const other = dataOrigin(href);
  return `connect-src 'self'${other ? ` ${other}` : ''}`;
}

/**
 * Adds the narrowing policy to a page that carries the static one (the built page; the dev server has none and
 * needs its own websocket).
 */
export function applyRuntimeCsp(doc: Document = document): void {
  if (!doc.querySelector('meta[http-equiv="Content-Security-Policy"]')) return;
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = runtimeCsp(doc.location.href);
  doc.head.prepend(meta);
}
