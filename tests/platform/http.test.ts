import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let admin: Browser;

beforeAll(async () => {
  t = await createTestContext();
  // A route that fails like an unforeseen bug would (added before the first request builds the router).
  t.app.get('/essai/erreur', () => {
    throw new Error('détail interne à ne jamais montrer');
  });
  await createUser(t.em(), 'admin', { email: 'admin@exemple.fr' });
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('health', () => {
  it('answers /healthz and /readyz without a session', async () => {
    expect(await (await t.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the usual headers', async () => {
    const res = await t.app.request('/connexion');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('X-Frame-Options')).toBe('SAMEORIGIN');
    expect(res.headers.get('Referrer-Policy')).toBe('same-origin');
  });

  it('has no inline script or style in its pages', async () => {
    const page = await admin.get('/etablissements');
    for (const script of page.doc.querySelectorAll('script')) expect(script.getAttribute('src')).toMatch(/^\/assets\//);
    expect(page.doc.querySelectorAll('style, [style]')).toHaveLength(0);
  });

  it('serves DSFR and htmx from node_modules', async () => {
    for (const path of ['/assets/dsfr/dsfr.min.css', '/assets/dsfr/dsfr.module.min.js', '/assets/htmx/htmx.min.js', '/assets/app.js', '/assets/app.css']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
    }
  });
});

describe('bad requests', () => {
  it('refuses a body over 2 MB with 413 before reading it', async () => {
    const reply = await admin.post('/etablissements', { name: 'x'.repeat(3 * 1024 * 1024) });
    expect(reply.status).toBe(413);
    expect(reply.html).toContain('dépassent 2 Mo');
  });

  it('answers a malformed multipart body with 400, not 500', async () => {
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.request('/etablissements', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=zzz' },
      body: 'garbage',
    });
    expect(res.status).toBe(400);
  });

  it('refuses a form post without the CSRF cookie before parsing it', async () => {
    const res = await t.app.request('/connexion', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' }, body: 'garbage' });
    expect(res.status).toBe(403);
  });

  it('puts a CSRF refusal of an htmx request into the message area', async () => {
    const reply = await admin.post('/etablissements', { _csrf: 'faux', name: 'X' }, { 'HX-Request': 'true' });
    expect(reply.status).toBe(403);
    expect(reply.headers.get('HX-Retarget')).toBe('#messages');
    expect(reply.doc.querySelector('.fr-alert--error')?.textContent).toContain('La page a expiré');
  });

  it('gives a French message when a field is sent twice', async () => {
    const reply = await admin.post('/etablissements', { name: ['Un', 'Deux'], kind: 'inserre', city: 'Arras', capacity: '10' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#champ-name-erreur')?.textContent).toMatch(/^Valeur illisible/);
  });
});

describe('pages', () => {
  it('speaks French with the DSFR chrome, skip links and the viewer’s name and role', async () => {
    const page = await admin.get('/');
    expect(page.doc.documentElement.getAttribute('lang')).toBe('fr');
    expect(page.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.doc.querySelector('.fr-skiplinks a[href="#contenu"]')).not.toBeNull();
    expect(page.doc.querySelector('.fr-header__tools')?.textContent).toContain('Administration');
    expect(page.doc.querySelector('#pied-de-page')).not.toBeNull();
  });

  it('answers an htmx navigation with the main region only, and says it varies on HX-Request', async () => {
    const full = await admin.get('/etablissements');
    const fragment = await admin.get('/etablissements', { 'HX-Request': 'true', 'HX-Request-Type': 'partial' });
    expect(full.headers.get('Vary')).toContain('HX-Request');
    expect(fragment.doc.querySelector('header')).toBeNull();
    expect(fragment.doc.querySelector('h1')?.textContent).toBe(full.doc.querySelector('h1')?.textContent);
    // The same region, but for the form token, masked afresh in each response.
    const region = (doc: Document) => doc.querySelector('#section-etablissements')?.outerHTML.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
    expect(region(fragment.doc)).toBe(region(full.doc));
  });

  it('redirects an htmx POST with HX-Location into the main region', async () => {
    const e = await createEstablishment(t.em());
    const reply = await admin.post(`/etablissements/${e.id}/archivage`, {}, { 'HX-Request': 'true' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.headers.get('HX-Location') ?? '{}')).toEqual({ path: '/etablissements', target: '#contenu', swap: 'innerHTML' });
  });

  it('shows a French 404 page', async () => {
    const reply = await admin.get('/nulle-part');
    expect(reply.status).toBe(404);
    expect(reply.doc.querySelector('h1')?.textContent).toBe('Page introuvable');
  });

  it('shows a calm 500 page with a reference, never the error itself', async () => {
    const reply = await admin.get('/essai/erreur');
    expect(reply.status).toBe(500);
    expect(reply.doc.querySelector('h1')?.textContent).toBe('Erreur inattendue');
    expect(reply.html).not.toContain('détail interne');
    expect(reply.doc.querySelector('code')?.textContent).toBe(reply.headers.get('X-Request-Id'));
  });

  it('puts an htmx error into the message area', async () => {
    const reply = await admin.get('/essai/erreur', { 'HX-Request': 'true' });
    expect(reply.status).toBe(500);
    expect(reply.headers.get('HX-Retarget')).toBe('#messages');
    expect(reply.doc.querySelector('.fr-alert--error')?.textContent).toContain('Rien n’a été enregistré');
  });
});
