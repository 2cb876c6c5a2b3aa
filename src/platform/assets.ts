import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants, gunzip, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { NotFoundError } from './errors.ts';

/**
 * The stylesheets, scripts, fonts and icons the pages load, served under a URL that holds a
 * hash of their content (`/assets/<hash>/app.css`): a browser keeps them for a year and asks
 * again only when a deployment changes them. Built once per process from `node_modules` and
 * `views/assets`; the DSFR's full icon sheet (355 KB) is cut down to the icons the code names.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const DSFR = path.join(ROOT, 'node_modules/@gouvfr/dsfr/dist');

export interface Asset {
  /** Its logical path, as the views name it: `app.css`, `dsfr/dsfr.min.css`. */
  name: string;
  hash: string;
  type: string;
  body: Buffer;
}

export type Encoding = 'br' | 'gzip';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
/** Already compressed formats gain nothing from a second pass. */
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.ico']);

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 16);

/** Every `fr-icon-…` class written in the code: the only icons the pages can show. */
export function usedIconClasses(dirs = [path.join(ROOT, 'src'), path.join(ROOT, 'views')]): Set<string> {
  const used = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) visit(file);
      else if (/\.(tsx?|js|css)$/.test(entry)) for (const m of readFileSync(file, 'utf8').matchAll(/fr-icon-[a-z0-9]+(?:-[a-z0-9]+)*/g)) used.add(m[0]);
    }
  };
  for (const dir of dirs) visit(dir);
  return used;
}

/**
 * The rules of the DSFR icon sheet that draw one of `used`, other selectors dropped. Its
 * `@media` blocks only repeat the rules for Internet Explorer 11, which the app does not serve.
 */
export function iconRules(fullSheet: string, used: Set<string>): string {
  const sheet = fullSheet.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sheet.length; i++) {
    if (sheet[i] === '{') {
      depth++;
    } else if (sheet[i] === '}') {
      depth--;
      if (depth === 0) {
        const rule = sheet.slice(start, i + 1).trim();
        start = i + 1;
        if (rule.startsWith('@')) continue;
        const open = rule.indexOf('{');
        const selectors = rule
          .slice(0, open)
          .split(',')
          .filter((s) => used.has(/\.(fr-icon-[a-z0-9-]+)/.exec(s)?.[1] ?? ''));
        if (selectors.length > 0) rules.push(`${selectors.join(',')}${rule.slice(open)}`);
      }
    }
  }
  return rules.join('\n');
}

class Catalog {
  private byName = new Map<string, Asset>();

  /** The asset read from `file`, its `url()` references made fingerprinted assets first. */
  add(name: string, file: string, text?: string): Asset {
    const known = this.byName.get(name);
    if (known) return known;
    const ext = path.extname(name);
    let body: Buffer;
    if (ext === '.css') {
      const css = (text ?? readFileSync(file, 'utf8')).replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
      body = Buffer.from(this.rewriteUrls(css, name, file));
    } else if (ext === '.js') {
      body = Buffer.from(readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    } else {
      body = readFileSync(file);
    }
    const asset = { name, hash: hashOf(body), type: TYPES[ext] ?? 'application/octet-stream', body };
    this.byName.set(name, asset);
    return asset;
  }

  private rewriteUrls(css: string, name: string, file: string): string {
    return css.replace(/url\((["']?)([^)"']+)\1\)/g, (whole, _quote: string, ref: string) => {
      if (/^(data:|https?:|\/|#)/.test(ref)) return whole;
      const clean = ref.replace(/[?#].*$/, '');
      const target = this.add(path.posix.join(path.posix.dirname(name), clean), path.join(path.dirname(file), clean));
      return `url(${urlOf(target)})`;
    });
  }

  get(name: string): Asset | undefined {
    return this.byName.get(name);
  }

  all(): Asset[] {
    return [...this.byName.values()];
  }
}

function urlOf(asset: Asset): string {
  return `/assets/${asset.hash}/${asset.name}`;
}

function build(): Catalog {
  const catalog = new Catalog();
  catalog.add('dsfr/dsfr.min.css', path.join(DSFR, 'dsfr.min.css'));
  const iconSheet = path.join(DSFR, 'utility/icons/icons.min.css');
  catalog.add('dsfr/utility/icons/icons.css', iconSheet, iconRules(readFileSync(iconSheet, 'utf8'), usedIconClasses()));
  catalog.add('dsfr/dsfr.module.min.js', path.join(DSFR, 'dsfr.module.min.js'));
  catalog.add('htmx/htmx.min.js', path.join(ROOT, 'node_modules/htmx.org/dist/htmx.min.js'));
  catalog.add('app.css', path.join(ROOT, 'views/assets/app.css'));
  catalog.add('app.js', path.join(ROOT, 'views/assets/app.js'));
  for (const icon of ['favicon.svg', 'favicon.ico', 'apple-touch-icon.png']) catalog.add(`dsfr/favicon/${icon}`, path.join(DSFR, 'favicon', icon));
  return catalog;
}

/** The files edited by hand while the app runs (`npm run dev` restarts only on code changes). */
const EDITED = [path.join(ROOT, 'views/assets/app.css'), path.join(ROOT, 'views/assets/app.js')];
const editedAt = () => EDITED.map((f) => statSync(f).mtimeMs).join();

let catalog: { assets: Catalog; builtFrom: string } | undefined;
let watchEdits = false;

/** In development, pick up edits of app.css and app.js without a restart. */
export function watchAssetEdits(on: boolean): void {
  watchEdits = on;
}

const assets = (): Catalog => {
  if (!catalog || (watchEdits && catalog.builtFrom !== editedAt())) catalog = { builtFrom: editedAt(), assets: build() };
  return catalog.assets;
};

/** The fingerprinted URL of an asset the views load: `assetUrl('app.css')` → `/assets/3f2a…/app.css`. */
export function assetUrl(name: string): string {
  const asset = assets().get(name);
  if (!asset) throw new Error(`Unknown asset ${name}`);
  return urlOf(asset);
}

export function findAsset(name: string): Asset | undefined {
  return assets().get(name);
}

/** The best encoding the browser accepts among those we keep (Brotli first), or none. */
export function preferredEncoding(acceptEncoding: string | undefined, asset: Asset): Encoding | null {
  if (!acceptEncoding || !COMPRESSIBLE.has(path.extname(asset.name))) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (coding: Encoding) => (accepted.get(coding) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

const compressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

const decompressors: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(brotliDecompress)(body),
  gzip: (body) => promisify(gunzip)(body),
};

const CACHE_DIR = path.join(os.tmpdir(), 'atelier-assets');
const compressed = new Map<string, Promise<Buffer>>();

/**
 * The asset compressed once per content: kept in memory, and in a folder of the system's
 * temporary directory so that the next start (or another instance on the machine) reads it
 * instead of spending a second of Brotli on the DSFR sheet again.
 */
export function compressedBody(asset: Asset, encoding: Encoding): Promise<Buffer> {
  const key = `${asset.hash}.${encoding}`;
  let pending = compressed.get(key);
  if (!pending) {
    pending = keptOrCompressed(path.join(CACHE_DIR, key), asset, encoding);
    compressed.set(key, pending);
    pending.catch(() => compressed.delete(key));
  }
  return pending;
}

/**
 * The kept copy of `file` when it decompresses to the asset's very bytes; else the asset
 * compressed now, and kept. The folder is shared with the machine's other accounts: a planted
 * or damaged file is never served, only replaced.
 */
export async function keptOrCompressed(file: string, asset: Asset, encoding: Encoding): Promise<Buffer> {
  const kept = await readFile(file).catch(() => null);
  if (kept && (await decompressors[encoding](kept).catch(() => null))?.equals(asset.body)) return kept;
  const body = await compressors[encoding](asset.body);
  await keep(file, body);
  return body;
}

/** Writes the cache file whole (a concurrent reader never sees half of it); a read-only disk only costs the next start a recompression. */
async function keep(file: string, body: Buffer): Promise<void> {
  const partial = `${file}.${randomBytes(12).toString('hex')}`;
  try {
    await mkdir(CACHE_DIR, { recursive: true, mode: 0o700 });
    // Created, never followed: a name planted in the shared folder (a link to one of our files) fails here.
    await writeFile(partial, body, { flag: 'wx', mode: 0o600 });
    await rename(partial, file);
  } catch {
    await rm(partial, { force: true }).catch(() => undefined);
  }
}

/** Compresses every asset ahead of the first visit (in the background, off the event loop). */
export async function warmAssets(): Promise<void> {
  for (const asset of assets().all()) {
    if (!COMPRESSIBLE.has(path.extname(asset.name))) continue;
    for (const encoding of ['br', 'gzip'] as const) await compressedBody(asset, encoding);
  }
}

/** A path segment decoded, or '' when it is malformed (`%E0%A4%A`): an unknown asset, 404. */
function decodedOrEmpty(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}

/** One year: the URL changes with the content, so the copy a browser keeps is never stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Answers `/assets/<hash>/<name>`, compressed as the browser accepts. A hash from an earlier
 * deployment (a page still open since) gets today's content, cached only briefly.
 */
export function fingerprintedAssets(): MiddlewareHandler {
  return async (c) => {
    const { hash } = c.req.param() as { hash: string };
    const asset = findAsset(decodedOrEmpty(c.req.path.slice(`/assets/${hash}/`.length)));
    if (!asset) throw new NotFoundError();
    const encoding = preferredEncoding(c.req.header('Accept-Encoding'), asset);
    const body = encoding ? await compressedBody(asset, encoding) : asset.body;
    const headers: Record<string, string> = {
      'Content-Type': asset.type,
      'Content-Length': String(body.length),
      'Cache-Control': hash === asset.hash ? IMMUTABLE : 'public, max-age=300',
      Vary: 'Accept-Encoding',
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    return c.body(new Uint8Array(body), 200, headers);
  };
}

/** `/favicon.ico`, which browsers ask for whatever the page says. */
export function favicon(): MiddlewareHandler {
  return async (c) => {
    const asset = findAsset('dsfr/favicon/favicon.ico') as Asset;
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=86400' });
  };
}
