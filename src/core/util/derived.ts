/**
 * Values derived from an object, made once per (object, key) while the object lives. The pipeline's cache keys on
 * study identity, so a study derived again for the same inputs (a sub-ladder, a sample) must be the same object for
 * a later request to find its stages.
 */
export class Derived<T> {
  private readonly table = new WeakMap<object, Map<string, T>>();

  get(of: object, key: string, make: () => T): T {
    let byKey = this.table.get(of);
    if (!byKey) this.table.set(of, (byKey = new Map()));
    let value = byKey.get(key);
    if (value === undefined) byKey.set(key, (value = make()));
    return value;
  }
}
