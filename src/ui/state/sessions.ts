/**
 * Session persistence in IndexedDB (idb). Records live in `sessions` without their study, which lives in `studies`
 * under the same id and is rewritten only when it changed (serialising a 100,000-question study blocks the page
 * for most of a second; parameters change far more often). Small summaries live in `summaries` (so listing never
 * loads a study), and the last opened id in `meta`. Records written before the split keep their study inline and
 * still load. Records are upgraded on read by migrateSession; anything handed in must be plain data
 * ($state.snapshot), or structured clone throws.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Study } from '../../core/study/study.ts';
import type { PredictParams } from '../../core/study/types.ts';
import {
  SESSION_VERSION,
  checkSummary,
  migrateSession,
  summarize,
  type SessionRecord,
  type SessionSummary,
} from '../../core/session/schema.ts';

/** A record as stored: without its study (in `studies`), or with it inline when written before the split. */
type StoredRecord = Omit<SessionRecord, 'study'> & { study?: Study };

interface Schema extends DBSchema {
  sessions: { key: string; value: StoredRecord };
  studies: { key: string; value: Study };
  summaries: { key: string; value: SessionSummary };
  meta: { key: string; value: string };
}

/** Bumped when object stores change; the record layout has its own version (SESSION_VERSION). */
const DB_VERSION = 2;

export class SessionStore {
  private db: Promise<IDBPDatabase<Schema>> | null = null;
  /** Per session id: the study object this store last wrote and the record stamp it was written with. */
  private readonly written = new Map<string, { study: Study; updated: number }>();

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
        if (oldVersion < 2) db.createObjectStore('studies');
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

  /**
   * Writes a record and its summary in one transaction, and remembers it as the last session. The study is written
   * too unless it is the very object this store last wrote for the session and nothing else saved it since.
   */
  async save(record: SessionRecord): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['sessions', 'studies', 'summaries', 'meta'], 'readwrite');
    const { study, ...rest } = record;
    const last = this.written.get(record.id);
    const stored = await tx.objectStore('summaries').get(record.id);
    const studyCurrent = last?.study === study && stored?.updated === last.updated;
    await Promise.all([
      studyCurrent ? null : tx.objectStore('studies').put(study, record.id),
      tx.objectStore('sessions').put(rest),
      tx.objectStore('summaries').put(summarize(record)),
      tx.objectStore('meta').put(record.id, 'last'),
      tx.done,
    ]);
    this.written.set(record.id, { study, updated: record.updated });
  }

  /** A record upgraded to the current schema, or null when absent. */
  async load(id: string): Promise<SessionRecord | null> {
    const raw = (await this.raw(id)) as (SessionRecord & { version?: number }) | null;
    if (!raw) return null;
    return migrateSession(raw, raw.version ?? 1, this.defaults);
  }

  /** The stored record as it is, its study joined back in, unchecked: what is set aside when it fails the schema. */
  async raw(id: string): Promise<unknown> {
    const db = await this.open();
    const rec = await db.get('sessions', id);
    if (!rec) return null;
    if (rec.study !== undefined) return rec;
    const study = await db.get('studies', id);
    return study === undefined ? rec : { ...rec, study };
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
    const tx = db.transaction(['sessions', 'studies', 'summaries', 'meta'], 'readwrite');
    this.written.delete(id);
    await tx.objectStore('sessions').delete(id);
    await tx.objectStore('studies').delete(id);
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
