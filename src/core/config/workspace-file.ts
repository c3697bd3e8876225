// The workspace's .trace-advisor.yaml: the same keys as the VS Code settings, validated against
// schemas/trace-advisor.schema.json. Every mistake becomes a problem with file, line and what was expected; the
// valid keys still apply and the wrong ones fall back to their defaults, so analysis never stops on a typo.
import fs from 'node:fs/promises';
import Ajv, { type ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import schema from '../../../schemas/trace-advisor.schema.json';
import { settingDefaults } from './settings';

export const CONFIG_FILE_NAME = '.trace-advisor.yaml';
/** Larger files are refused: a configuration is a few lines, and a huge one is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export interface WorkspaceConfig {
  /** Settings the file sets validly, keyed like settings.ts (`analysis.minScore`, `priorities`). */
  settings: Record<string, unknown>;
  problems: ConfigProblem[];
  /** The file as a whole could not be used (not YAML, not a mapping, too large): none of its settings apply. */
  unusable?: true;
}

/** The file could not be read at all (missing, a directory, too large): the caller decides whether that is fatal. */
export class ConfigUnreadable extends Error {}

// verbose: errors carry their schema, so an unknown key can be answered with the keys that are known.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(schema);

export async function readWorkspaceConfig(file: string): Promise<WorkspaceConfig> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new ConfigUnreadable(`configuration ${file} is not a file`);
    if (stat.size > MAX_CONFIG_BYTES) throw new ConfigUnreadable(`configuration ${file} is ${stat.size} bytes; the limit is ${MAX_CONFIG_BYTES}`);
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigUnreadable) throw e;
    throw new ConfigUnreadable(`cannot read configuration ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseWorkspaceConfig(text, file);
}

export function parseWorkspaceConfig(text: string, file: string): WorkspaceConfig {
  const problems: ConfigProblem[] = [];
  if (text.length > MAX_CONFIG_BYTES) {
    return { settings: {}, problems: [{ file, line: 1, column: 1, message: `the file is larger than ${MAX_CONFIG_BYTES} bytes; it is ignored` }], unusable: true };
  }
  const lineCounter = new LineCounter();
  // The core schema has no custom or language-specific tags; aliases are capped against "billion laughs".
  const doc = parseDocument(text, { lineCounter, schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined, message: string) => {
    const pos = lineCounter.linePos(offset ?? 0);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  for (const e of [...doc.errors, ...doc.warnings]) at(e.pos[0], e.message.split('\n')[0]);
  if (doc.errors.length) return { settings: {}, problems, unusable: true };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    at(0, (e as Error).message);
    return { settings: {}, problems, unusable: true };
  }
  if (data === null || data === undefined) return { settings: {}, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    at(doc.contents?.range?.[0], 'expected a mapping of settings (key: value) at the top level');
    return { settings: {}, problems, unusable: true };
  }

  // Report every error, drop what it points at, and validate again until what is left is valid.
  const reported = new Set<string>();
  for (let round = 0; round < 20 && !validate(data); round++) {
    for (const err of validate.errors ?? []) {
      const { path, key } = errorLocation(err);
      const id = `${path.join('/')}|${key ?? ''}|${err.keyword}`;
      if (!reported.has(id)) {
        reported.add(id);
        at(nodeOffset(doc, path, key), describe(err, path, key));
      }
      remove(data as Record<string, unknown>, path, key);
    }
  }
  return { settings: flatten(data as Record<string, unknown>), problems };
}

/** The object path an error is about and, for an unknown or badly named key, that key. */
function errorLocation(err: ErrorObject): { path: string[]; key?: string } {
  const path = err.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (err.keyword === 'additionalProperties') return { path, key: (err.params as { additionalProperty: string }).additionalProperty };
  if ((err.params as { propertyName?: string }).propertyName !== undefined) return { path, key: (err.params as { propertyName: string }).propertyName };
  return { path };
}

function describe(err: ErrorObject, path: string[], key: string | undefined): string {
  const where = [...path, ...(key !== undefined ? [key] : [])].join('.') || '(top level)';
  switch (err.keyword) {
    case 'additionalProperties': {
      const known = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `unknown key '${where}'${known.length ? `; expected one of: ${known.join(', ')}` : ''}`;
    }
    case 'propertyNames':
    case 'pattern':
      return key !== undefined ? `'${where}' is not a rule id; expected \`rule-id\` or \`language.rule-id\` (see the README's rule table)` : `${where} ${err.message}`;
    case 'enum':
      return `${where} is not allowed; expected one of: ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
    case 'type':
      return `${where} must be of type ${(err.params as { type: string }).type}`;
    default:
      return `${where} ${err.message ?? 'is invalid'}`;
  }
}

function remove(data: Record<string, unknown>, path: string[], key: string | undefined): void {
  const target = key !== undefined ? [...path, key] : path;
  if (!target.length) return;
  let obj: unknown = data;
  for (const seg of target.slice(0, -1)) {
    if (!obj || typeof obj !== 'object') return;
    obj = (obj as Record<string, unknown>)[seg];
  }
  if (obj && typeof obj === 'object') {
    if (Array.isArray(obj)) obj.splice(Number(target[target.length - 1]), 1);
    else delete (obj as Record<string, unknown>)[target[target.length - 1]];
  }
}

/** Offset of the node an error is about: the key itself for unknown keys, else the value. */
function nodeOffset(doc: Document, path: string[], key: string | undefined): number | undefined {
  const segs = path.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const node = segs.length ? doc.getIn(segs, true) : doc.contents;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) return pair.key.range?.[0];
  }
  return (node as { range?: [number, number, number] } | undefined)?.range?.[0];
}

/** `analysis: { minScore: 1 }` → `analysis.minScore`, for keys that settings.ts spells dotted. */
function flatten(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k in settingDefaults) out[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) if (`${k}.${k2}` in settingDefaults) out[`${k}.${k2}`] = v2;
    }
  }
  return out;
}
