import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAsset, keptOrCompressed, usedIconClasses } from '../../src/platform/assets.ts';
import { createTestContext, parse, type TestContext } from '../support/app.ts';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const FULL_ICON_SHEET = readFileSync('node_modules/@gouvfr/dsfr/dist/utility/icons/icons.min.css', 'utf8');

async function fetchRaw(path: string, acceptEncoding?: string) {
  const res = await t.app.request(path, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} });
  const raw = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('Content-Encoding');
  const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
  return { res, raw, body, encoding };
}

/** The assets the login page loads, by their link or script. */
async function pageAssets(): Promise<string[]> {
  const { body } = await fetchRaw('/connexion');
  const doc = parse(body.toString('utf8'));
  return [...doc.querySelectorAll('link[href], script[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '');
}

describe('compression', () => {
  it('compresses a page with gzip when the browser accepts it, and says it varies on Accept-Encoding', async () => {
    const { res, raw, body, encoding } = await fetchRaw('/connexion', 'gzip, deflate');
    expect(encoding).toBe('gzip');
    expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/);
    expect(body.toString('utf8')).toContain('Connexion à Atelier');
    expect(raw.length).toBeLessThan(body.length / 2);
  });

  it('sends a page as is to a client that accepts no compression', async () => {
    const { encoding, body } = await fetchRaw('/connexion');
    expect(encoding).toBeNull();
    expect(body.toString('utf8')).toContain('Connexion à Atelier');
  });

  it('serves the DSFR stylesheet in Brotli when accepted, gzip otherwise, identical once decoded', async () => {
    const url = (await pageAssets()).find((u) => u.endsWith('/dsfr/dsfr.min.css')) as string;
    const plain = await fetchRaw(url);
    const br = await fetchRaw(url, 'gzip, deflate, br');
    const gz = await fetchRaw(url, 'gzip');
    expect([plain.encoding, br.encoding, gz.encoding]).toEqual([null, 'br', 'gzip']);
    expect(br.body.equals(plain.body)).toBe(true);
    expect(gz.body.equals(plain.body)).toBe(true);
    expect(br.raw.length).toBeLessThan(plain.raw.length / 5);
    expect(br.res.headers.get('Vary')).toBe('Accept-Encoding');
    expect(br.res.headers.get('Content-Length')).toBe(String(br.raw.length));
  });
});

describe('fingerprinted assets', () => {
  it('names every stylesheet and script of the page by the hash of its content, kept a year, immutable', async () => {
    const urls = (await pageAssets()).filter((u) => /\.(css|js)$/.test(u));
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      const [, hash] = /^\/assets\/([0-9a-f]{16})\//.exec(url) ?? [];
      const { res, body } = await fetchRaw(url);
      expect(res.status, url).toBe(200);
      expect(createHash('sha256').update(body).digest('hex').slice(0, 16), url).toBe(hash);
      expect(res.headers.get('Cache-Control'), url).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves app.css unchanged from views/assets', async () => {
    const url = (await pageAssets()).find((u) => u.endsWith('/app.css')) as string;
    const { body } = await fetchRaw(url, 'br');
    expect(body.toString('utf8')).toBe(readFileSync('views/assets/app.css', 'utf8'));
  });

  it('points the fonts and icons of the stylesheets at fingerprinted files that answer', async () => {
    const css = (await pageAssets()).filter((u) => u.endsWith('.css'));
    const refs = new Set<string>();
    for (const url of css) for (const m of (await fetchRaw(url)).body.toString('utf8').matchAll(/url\((\/assets\/[^)]+)\)/g)) refs.add(m[1] as string);
    expect([...refs].some((r) => r.endsWith('Marianne-Regular.woff2'))).toBe(true);
    for (const ref of refs) {
      const { res } = await fetchRaw(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers.get('Cache-Control'), ref).toContain('immutable');
    }
  });

  it('still serves a page left open since an earlier version (old hash), without keeping it long; an unknown file is a 404', async () => {
    const old = await fetchRaw('/assets/0123456789abcdef/app.css');
    expect(old.res.status).toBe(200);
    expect(old.res.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect((await fetchRaw('/assets/0123456789abcdef/nothing-here.css')).res.status).toBe(404);
  });

  it('answers a malformed asset address with a 404, not an error', async () => {
    expect((await fetchRaw('/assets/0000000000000000/%E0%A4%A')).res.status).toBe(404);
  });

  it('never serves a kept file that is not the asset compressed (planted by another account of the machine)', async () => {
    const asset = findAsset('app.js');
    if (!asset) throw new Error('app.js is an asset');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'atelier-kept-')), `${asset.hash}.gzip`);
    writeFileSync(file, gzipSync(Buffer.from('alert("planted")')));
    expect(gunzipSync(await keptOrCompressed(file, asset, 'gzip')).equals(asset.body)).toBe(true);
    // The planted file was replaced by the real one, which is then read back as kept.
    expect(gunzipSync(readFileSync(file)).equals(asset.body)).toBe(true);
    expect(gunzipSync(await keptOrCompressed(file, asset, 'gzip')).equals(asset.body)).toBe(true);
  });
});

describe('the icon sheet', () => {
  it('holds the icons the code uses and is a small part of the DSFR sheet', async () => {
    const url = (await pageAssets()).find((u) => u.endsWith('/icons.css')) as string;
    const sheet = (await fetchRaw(url)).body.toString('utf8');
    const used = usedIconClasses();
    expect(used.has('fr-icon-logout-box-r-line')).toBe(true);
    for (const icon of used) if (FULL_ICON_SHEET.includes(`.${icon}:before`)) expect(sheet, icon).toContain(`.${icon}:before`);
    expect(FULL_ICON_SHEET).toContain('.fr-icon-zoom-in-line:before');
    expect(sheet).not.toContain('fr-icon-zoom-in-line');
    expect(sheet.length).toBeLessThan(FULL_ICON_SHEET.length / 20);
  });
});

describe('the favicon', () => {
  it('answers /favicon.ico, and the page links the DSFR icons', async () => {
    const { res, body } = await fetchRaw('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/x-icon');
    expect(body.equals(readFileSync('node_modules/@gouvfr/dsfr/dist/favicon/favicon.ico'))).toBe(true);
    const links = await pageAssets();
    expect(links.some((u) => u.endsWith('/favicon.svg'))).toBe(true);
  });
});
