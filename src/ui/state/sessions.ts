/**
 * Session persistence in IndexedDB (idb). Records live in `sessions`, their small summaries in `summaries` (so
 * listing never loads a study), and the last opened id in `meta`. Records are upgraded on read by
 * migrateSession; anything handed in must be plain data ($state.snapshot), or structured clone throws.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PredictParams } from '../../core/study/types.ts';
import {
  SESSION_VERSION,
  checkSummary,
  migrateSession,
  summarize,
  type SessionRecord,
  type SessionSummary,
} from '../../core/session/schema.ts';

interface Schema extends DBSchema {
  sessions: { key: string; value: SessionRecord };
  summaries: { key: string; value: SessionSummary };
  meta: { key: string; value: string };
}

/** Bumped when object stores change; the record layout has its own version (SESSION_VERSION). */
const DB_VERSION = 1;

export class SessionStore {
  private db: Promise<IDBPDatabase<Schema>> | null = null;

  constructor(
    private readonly defaults: PredictParams,
    readonly dbName = 'scalecast',
  ) {}

  private open(): Promise<IDBPDatabase<Schema>> {
    this.db ??= openDB<Schema>(this.dbName, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('sessions', { keyPath: 'id' });
          db.createObjectStore('summaries', { keyPath: 'id' });
          db.createObjectStore('meta');
        }
      },
    });
    return this.db;
  }

  /** Sessions, most recently updated first. */
  async list(): Promise<SessionSummary[]> {
    const all = await (await this.open()).getAll('summaries');
    return all
      .map(checkSummary)
      .filter((x): x is SessionSummary => x !== null)
      .sort((a, b) => b.updated - a.updated);
  }

  /** Writes a record and its summary in one transaction, and remembers it as the last session. */
  async save(record: SessionRecord): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['sessions', 'summaries', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('sessions').put(record),
      tx.objectStore('summaries').put(summarize(record)),
      tx.objectStore('meta').put(record.id, 'last'),
      tx.done,
    ]);
  }

  /** A record upgraded to the current schema, or null when absent. */
  async load(id: string): Promise<SessionRecord | null> {
    const raw = (await (await this.open()).get('sessions', id)) as
      (SessionRecord & { version?: number }) | undefined;
    if (!raw) return null;
    return migrateSession(raw, raw.version ?? 1, this.defaults);
  }

  /** The stored record as it is, unchecked: what is set aside when it fails the schema. */
  async raw(id: string): Promise<unknown> {
    return (await (await this.open()).get('sessions', id)) ?? null;
  }

  /** When a session was last saved (ms since the epoch), or null when it is not stored. */
  async updatedAt(id: string): Promise<number | null> {
    return (await (await this.open()).get('summaries', id))?.updated ?? null;
  }

  async lastId(): Promise<string | null> {
    return (await (await this.open()).get('meta', 'last')) ?? null;
  }

  async setLast(id: string | null): Promise<void> {
    const db = await this.open();
    if (id) await db.put('meta', id, 'last');
    else await db.delete('meta', 'last');
  }

  async rename(id: string, name: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['sessions', 'summaries'], 'readwrite');
    const rec = await tx.objectStore('sessions').get(id);
    const sum = await tx.objectStore('summaries').get(id);
    if (rec) await tx.objectStore('sessions').put({ ...rec, name });
    if (sum) await tx.objectStore('summaries').put({ ...sum, name });
    await tx.done;
  }

  async remove(id: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['sessions', 'summaries', 'meta'], 'readwrite');
    await tx.objectStore('sessions').delete(id);
    await tx.objectStore('summaries').delete(id);
    if ((await tx.objectStore('meta').get('last')) === id) await tx.objectStore('meta').delete('last');
    await tx.done;
  }
}

/** A readable message for storage failures, naming the quota case. */
export function storageMessage(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return 'Not saved: the browser storage quota is full. Delete old sessions; the study in memory is kept.';
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `Not saved (${name ?? 'storage error'}: ${msg}); the study in memory is kept.`;
}

export { SESSION_VERSION };
