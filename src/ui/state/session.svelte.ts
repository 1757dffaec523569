/**
 * The open session's identity and the saved-session list. A save never silently overwrites a newer save of the
 * same session from another tab: the stored revision is checked first, and other tabs are told over a
 * BroadcastChannel, so they can reload the session or fork their own edits into a new one.
 */
import { SessionSchemaError, type SessionRecord, type SessionSummary } from '../../core/session/schema.ts';
import { storageMessage, type SessionStore } from './sessions.ts';

const CHANNEL = 'scalecast-sessions';

/** Another tab saved the open session after this tab last read or wrote it. */
export interface SessionConflict {
  id: string;
  updated: number;
}

/** A stored session that could not be opened, with the reason naming the field. */
export interface SetAsideRecord {
  id: string;
  message: string;
  raw: unknown;
}

export function newSessionId(): string {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export class SessionState {
  id = $state(newSessionId());
  name = $state('Example study');
  created = $state(Date.now());
  list: SessionSummary[] = $state.raw([]);
  storageError: string | null = $state(null);
  savedAt = $state(0);
  /** saveKey of what is stored (or deliberately not stored: a freshly opened session or example). */
  cleanKey = $state('');
  conflict: SessionConflict | null = $state.raw(null);
  /** A stored record that failed the schema: kept in storage, no longer opened on start, offered for download. */
  setAside: SetAsideRecord | null = $state.raw(null);
  /** `updated` of the stored record this tab's state is based on (0: never stored). */
  private base = 0;
  private readonly channel: BroadcastChannel | null;

  constructor(private readonly store: SessionStore) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener('message', (e: MessageEvent<{ id: string; updated: number }>) => {
      const { id, updated } = e.data ?? {};
      if (id === this.id && updated > this.base) this.conflict = { id, updated };
      void this.refresh();
    });
  }

  /** Takes on a record's identity (opened, restored or imported). */
  adopt(rec: Pick<SessionRecord, 'id' | 'name' | 'created'> & { updated?: number }, stored: boolean): void {
    this.id = rec.id;
    this.name = rec.name;
    this.created = rec.created;
    this.base = stored ? (rec.updated ?? 0) : 0;
    this.conflict = null;
  }

  /** A fresh identity (new session, example, fork). */
  fresh(name: string): void {
    this.adopt({ id: newSessionId(), name, created: Date.now() }, false);
  }

  async lastRecord(): Promise<SessionRecord | null> {
    const last = await this.store.lastId();
    if (!last) return null;
    try {
      return await this.store.load(last);
    } catch (e) {
      await this.setAsideRecord(last, (e as Error).message);
      throw e;
    }
  }

  /** Stops a record that fails the schema from being opened on every start; it stays stored and downloadable. */
  async setAsideRecord(id: string, message: string): Promise<void> {
    let raw: unknown = null;
    try {
      raw = await this.store.raw(id);
      await this.store.setLast(null);
    } catch {
      // Storage itself failing leaves nothing more to keep; the message below still names the record.
    }
    this.setAside = { id, message, raw };
  }

  /** Saves unless another tab saved this session since; then `conflict` is set and nothing is written. */
  async save(record: SessionRecord, key: string): Promise<boolean> {
    try {
      const stored = await this.store.updatedAt(record.id);
      if (stored !== null && stored > this.base) {
        this.conflict = { id: record.id, updated: stored };
        return false;
      }
      await this.store.save(record);
      this.base = record.updated;
      this.cleanKey = key;
      this.storageError = null;
      this.savedAt = Date.now();
      this.channel?.postMessage({ id: record.id, updated: record.updated });
      await this.refresh();
      return true;
    } catch (e) {
      this.storageError = storageMessage(e);
      return false;
    }
  }

  async refresh(): Promise<void> {
    try {
      this.list = await this.store.list();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }

  /** The stored record of a session, or null (with storageError set) when it cannot be read. */
  async load(id: string): Promise<SessionRecord | null> {
    try {
      const rec = await this.store.load(id);
      if (!rec) throw new Error('it no longer exists');
      await this.store.setLast(id);
      return rec;
    } catch (e) {
      this.storageError = `Could not open the session: ${(e as Error).message}`;
      if (e instanceof SessionSchemaError) await this.setAsideRecord(id, e.message);
      return null;
    }
  }

  async rename(id: string, name: string): Promise<void> {
    if (id === this.id) this.name = name;
    try {
      await this.store.rename(id, name);
      await this.refresh();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.store.remove(id);
      await this.refresh();
    } catch (e) {
      this.storageError = storageMessage(e);
    }
  }
}
