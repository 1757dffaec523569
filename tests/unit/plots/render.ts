import { flushSync, mount, unmount, type Component } from 'svelte';
import { measureFrames } from '../../../src/ui/plots/frame.svelte.ts';

const mounted: (() => void)[] = [];

/** Mounts `component` into a fresh div on document.body; `cleanup()` unmounts everything mounted so far. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function render<P extends Record<string, any>>(component: Component<P>, props: P): HTMLElement {
  const target = document.createElement('div');
  document.body.append(target);
  const app = mount(component, { target, props });
  flushSync();
  measureFrames();
  flushSync();
  mounted.push(() => {
    unmount(app);
    target.remove();
  });
  return target;
}

export function cleanup(): void {
  while (mounted.length) mounted.pop()!();
}

/** Dispatches a pointer-like event at client coordinates (jsdom lays everything out at 0,0). */
export function pointerAt(el: Element, type: string, clientX: number, clientY: number): void {
  const Ctor = (globalThis.PointerEvent ?? MouseEvent) as typeof MouseEvent;
  el.dispatchEvent(new Ctor(type, { clientX, clientY, bubbles: true }));
  flushSync();
}

/** Numeric attribute of an element. */
export function num(el: Element, attr: string): number {
  return Number(el.getAttribute(attr));
}

type ROCallback = (entries: unknown[], observer: unknown) => void;
const observers = new Set<{ cb: ROCallback; targets: Set<Element> }>();

/** jsdom has no ResizeObserver (the plots follow their width with one): a stub that `resizeTo` can fire. */
class FakeResizeObserver {
  private entry: { cb: ROCallback; targets: Set<Element> };
  constructor(cb: ROCallback) {
    this.entry = { cb, targets: new Set() };
    observers.add(this.entry);
  }
  observe(el: Element) {
    this.entry.targets.add(el);
  }
  unobserve(el: Element) {
    this.entry.targets.delete(el);
  }
  disconnect() {
    observers.delete(this.entry);
  }
}
globalThis.ResizeObserver ??= FakeResizeObserver as unknown as typeof ResizeObserver;

/** Gives `el` a clientWidth and notifies the observers watching it, as a browser would after layout. */
export function resizeTo(el: Element, width: number): void {
  Object.defineProperty(el, 'clientWidth', { configurable: true, get: () => width });
  for (const o of observers) {
    if (o.targets.has(el)) o.cb([{ target: el, contentRect: { width, height: 0 } }], o);
  }
  flushSync();
}
