/** Picks the importer of a file from its name and, for JSON, its content, by asking the importer registry. */
import { IMPORTERS, type Importer } from './importers.ts';

/** An importer's format id; 'json' means "parse it, then ask detectJson"; 'ignored' files are not data. */
export type Format = Importer['format'] | 'json' | 'ignored' | 'unknown';

/** The supported formats, for error messages and usage texts. */
export const KNOWN_FORMATS = IMPORTERS.flatMap((i) => (i.describe ? [i.describe] : [])).join(', ');

/** Format by name alone; 'json' means "parse it, then ask detectJson". */
export function detectByName(path: string): Format {
  const lower = path.toLowerCase();
  const byName = IMPORTERS.find((i) => i.detect.name?.(path, lower));
  if (byName) return byName.format;
  if (lower.endsWith('.json')) return 'json';
  if (/\.(md|txt|ya?ml|py|sh|log|png|jpe?g|svg|pdf|html?)$|(?:^|\/)(license|readme)[^/]*$/.test(lower))
    return 'ignored';
  return 'unknown';
}

/** Format of a parsed JSON file. */
export function detectJson(json: unknown): Format {
  return IMPORTERS.find((i) => i.detect.json?.(json))?.format ?? 'unknown';
}

/** The importer of a format; undefined for 'json', 'ignored' and 'unknown'. */
export function importerOf(format: Format): Importer | undefined {
  return IMPORTERS.find((i) => i.format === format);
}
