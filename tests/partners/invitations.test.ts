import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Partner } from '../../src/partners/entities.ts';
import type { Clock } from '../../src/platform/calendar.ts';
import { toDay } from '../../src/platform/calendar.ts';
import { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, TEST_PASSWORD } from '../support/factories.ts';

/** Issue 21, item 5: a partner's administrator invites a colleague by a one-time link that expires. */

const NEUTRAL = 'Ce lien d’invitation n’est plus valable : demandez-en un nouveau à la personne qui vous a invité.';
const PASSWORD = 'la reliure du mercredi';

let current = new Date('2026-11-30T09:00:00Z');
const clock: Clock = { now: () => new Date(current.getTime()), today: () => toDay(current) };

let t: TestContext;
let reliures: Partner;
let jardins: Partner;
let admin: Browser;
let member: Browser;
let otherAdmin: Browser;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sql = <T>(query: string, params: unknown[] = []) => t.em().getConnection().execute<T[]>(query, params);
const accounts = (email: string) => t.em().count(User, { email });

async function signedIn(email: string): Promise<Browser> {
  const b = new Browser(t.app);
  expect((await b.login(email, TEST_PASSWORD)).status).toBe(303);
  return b;
}

/** Invites as `by` and returns the token read from the link shown once. */
async function invite(by: Browser, email: string, displayName = 'Nina Petit'): Promise<string> {
  const reply = await by.post('/structure/equipe/invitations', { displayName, email });
  expect(reply.status).toBe(201);
  const link = reply.doc.querySelector<HTMLInputElement>('#lien-invitation-url')?.getAttribute('value') ?? '';
  expect(link).toMatch(/^http:\/\/[^/]+\/invitation\/[A-Za-z0-9_-]{43}$/);
  return link.split('/').pop() as string;
}

async function accept(token: string, form: Partial<Record<string, string>> = {}, browser = new Browser(t.app)) {
  await browser.get(`/invitation/${token}`);
  const reply = await browser.post(`/invitation/${token}`, { displayName: 'Nina Petit', password: PASSWORD, confirmation: PASSWORD, ...form } as Record<
    string,
    string
  >);
  return { reply, browser };
}

beforeAll(async () => {
  // Failed uses of links count as failed logins of the address (all of app.request's are « inconnue »): not this file's subject but one test's.
  t = await createTestContext({ LOGIN_MAX_FAILURES_PER_IP: '1000', LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', LOGIN_MAX_CONCURRENT_HASHES: '32' }, { clock });
  const em = t.em();
  const arras = await createEstablishment(em, { name: 'Arras' });
  reliures = await createPartner(em, { name: 'Reliures solidaires' });
  jardins = await createPartner(em, { name: 'Jardins de l’Artois' });
  await createUser(em, 'partner', { email: 'chef@reliures.fr', partner: reliures, partnerAdmin: true });
  await createUser(em, 'partner', { email: 'membre@reliures.fr', partner: reliures });
  await createUser(em, 'partner', { email: 'chef@jardins.fr', partner: jardins, partnerAdmin: true });
  await createUser(em, 'coordinator', { email: 'coord@arras.fr', establishments: [arras] });
  await createUser(em, 'committee', { email: 'comite@arras.fr', establishments: [arras] });
  await createUser(em, 'admin', { email: 'admin@atelier.fr' });
  admin = await signedIn('chef@reliures.fr');
  member = await signedIn('membre@reliures.fr');
  otherAdmin = await signedIn('chef@jardins.fr');
});
afterAll(() => t.close());
beforeEach(() => {
  current = new Date('2026-11-30T09:00:00Z');
});

describe('inviting a colleague', () => {
  it('shows the link once, with its expiry, and keeps only its SHA-256 (nor the token nor its hash in the audit trail)', async () => {
    const reply = await admin.post('/structure/equipe/invitations', { displayName: 'Nina Petit', email: ' Nina.Petit@Reliures.fr ' });
    expect(reply.status).toBe(201);
    const shown = reply.doc.querySelector('#lien-invitation')?.textContent ?? '';
    expect(shown).toContain('Copiez ce lien et envoyez-le à nina.petit@reliures.fr : il ne sera plus affiché.');
    expect(shown).toContain('jusqu’au 7 décembre 2026 à 10h00');
    expect(shown).toContain('Atelier n’envoie pas de courriel');
    const token = (reply.doc.querySelector('#lien-invitation-url')?.getAttribute('value') ?? '').split('/').pop() as string;
    expect(token).toHaveLength(43);

    const [row] = await sql<Record<string, unknown>>(`select * from partner_invitation where email = 'nina.petit@reliures.fr'`);
    expect(row?.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(new Date(row?.expires_at as string).toISOString()).toBe('2026-12-07T09:00:00.000Z');
    const audit = await sql<{ row: string }>(`select row_to_json(a)::text as row from audit_event a where entity = 'partner_invitation'`);
    expect(audit.length).toBeGreaterThan(0);
    for (const a of audit) {
      expect(a.row).not.toContain(token);
      expect(a.row).not.toContain(sha256(token));
    }

    const after = await admin.get('/structure/equipe');
    expect(after.html).not.toContain(token);
    const pending = after.doc.querySelector('#equipe-invitations tbody')?.textContent ?? '';
    expect(pending).toContain('nina.petit@reliures.fr');
    expect(pending).toContain('Nina Petit');
    await admin.post(`/structure/equipe/invitations/${row?.id}/annulation`);
  });

  it.each([
    ['a plain member of the organisation', () => member, 403],
    ['a coordinator', () => null as unknown as Browser, 403],
  ])('refuses %s (%s), storing nothing', async (_who, browser, status) => {
    const b = browser() ?? (await signedIn('coord@arras.fr'));
    const before = await sql<{ n: number }>('select count(*)::int as n from partner_invitation');
    const reply = await b.post('/structure/equipe/invitations', { displayName: 'Intrus', email: 'intrus@exemple.fr' });
    expect(reply.status).toBe(status);
    expect(await sql<{ n: number }>('select count(*)::int as n from partner_invitation')).toEqual(before);
  });

  it.each(['comite@arras.fr', 'admin@atelier.fr'])('refuses %s the team page and the invitation (403)', async (email) => {
    const b = await signedIn(email);
    expect((await b.get('/structure/equipe')).status).toBe(403);
    expect((await b.post('/structure/equipe/invitations', { displayName: 'Intrus', email: 'intrus@exemple.fr' })).status).toBe(403);
  });

  it('shows a plain member the accounts, but neither the invitations nor the form', async () => {
    await invite(admin, 'cache@reliures.fr');
    const page = await member.get('/structure/equipe');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#equipe-comptes')?.textContent).toContain('chef@reliures.fr');
    expect(page.html).not.toContain('cache@reliures.fr');
    expect(page.doc.querySelector('form[action="/structure/equipe/invitations"]')).toBeNull();
  });

  it('hides an invitation from another partner’s administrator, who cannot cancel it (404)', async () => {
    const token = await invite(admin, 'secret@reliures.fr');
    const [row] = await sql<{ id: number }>(`select id from partner_invitation where email = 'secret@reliures.fr'`);
    const theirs = await otherAdmin.get('/structure/equipe');
    expect(theirs.html).not.toContain('secret@reliures.fr');
    expect(theirs.doc.querySelector('#equipe-comptes')?.textContent).not.toContain('chef@reliures.fr');
    expect((await otherAdmin.post(`/structure/equipe/invitations/${row?.id}/annulation`)).status).toBe(404);
    expect((await member.post(`/structure/equipe/invitations/${row?.id}/annulation`)).status).toBe(403);
    expect((await new Browser(t.app).get(`/invitation/${token}`)).status).toBe(200);
  });

  it('refuses an address that already has an account, next to the field, storing nothing', async () => {
    const reply = await admin.post('/structure/equipe/invitations', { displayName: 'Déjà là', email: 'CHEF@jardins.fr' });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector('#invitation-email-erreur')?.textContent).toBe(
      'Un compte existe déjà avec cette adresse : demandez à l’administration de le rattacher.',
    );
    expect(reply.doc.querySelector('#lien-invitation')).toBeNull();
    expect(await sql(`select 1 from partner_invitation where email = 'chef@jardins.fr'`)).toEqual([]);
  });

  it.each([
    [{ email: 'pas-une-adresse' }, 'email', 'Indiquez une adresse électronique valide, par exemple prenom.nom@association.fr.'],
    [{ displayName: 'X' }, 'displayName', 'Indiquez le prénom et le nom (au moins 2 caractères).'],
  ])('refuses %o next to the field', async (change, field, message) => {
    const reply = await admin.post('/structure/equipe/invitations', { displayName: 'Nina Petit', email: 'valide@reliures.fr', ...change });
    expect(reply.status).toBe(422);
    expect(reply.doc.querySelector(`#invitation-${field}-erreur`)?.textContent).toBe(message);
    expect(await sql(`select 1 from partner_invitation where email = 'valide@reliures.fr'`)).toEqual([]);
  });

  it('refuses a second pending invitation to the same address; cancelled, the address is invited again and the old link is dead', async () => {
    const first = await invite(admin, 'double@reliures.fr');
    const again = await admin.post('/structure/equipe/invitations', { displayName: 'Nina Petit', email: 'double@reliures.fr' });
    expect(again.status).toBe(422);
    expect(again.doc.querySelector('#invitation-email-erreur')?.textContent).toBe(
      'Une invitation est déjà en attente pour cette adresse : annulez-la avant d’en envoyer une nouvelle.',
    );
    const [row] = await sql<{ id: number }>(`select id from partner_invitation where email = 'double@reliures.fr'`);
    const cancelled = await admin.post(`/structure/equipe/invitations/${row?.id}/annulation`);
    expect(cancelled.status).toBe(303);
    expect((await admin.get('/structure/equipe')).html).not.toContain('double@reliures.fr');
    expect((await admin.post(`/structure/equipe/invitations/${row?.id}/annulation`)).status).toBe(404);
    const gone = await new Browser(t.app).get(`/invitation/${first}`);
    expect(gone.status).toBe(404);
    expect(gone.doc.querySelector('main')?.textContent).toContain(NEUTRAL);
    const second = await invite(admin, 'double@reliures.fr');
    expect(second).not.toBe(first);
  });

  it('lets an expired invitation give way to a new one to the same address', async () => {
    await invite(admin, 'lente@reliures.fr');
    current = new Date('2026-12-08T09:00:00Z');
    const listed = await admin.get('/structure/equipe');
    expect(listed.doc.querySelector('#equipe-invitations')?.textContent).toContain('Expirée');
    await invite(admin, 'lente@reliures.fr');
    const rows = await sql<{ revoked: boolean }>(
      `select revoked_at is not null as revoked from partner_invitation where email = 'lente@reliures.fr' order by id`,
    );
    expect(rows).toEqual([{ revoked: true }, { revoked: false }]);
  });
});

describe('the link', () => {
  it('shows the organisation, the address (not editable) and the name, with no referrer and no copy kept', async () => {
    const token = await invite(admin, 'lien@reliures.fr', 'Lina Lien');
    const page = await new Browser(t.app).get(`/invitation/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(page.headers.get('Cache-Control')).toBe('no-store');
    expect(page.doc.querySelector('h1')?.textContent).toBe('Rejoindre Reliures solidaires sur Atelier');
    const email = page.doc.querySelector('#champ-email');
    expect(email?.getAttribute('value')).toBe('lien@reliures.fr');
    expect(email?.hasAttribute('readonly')).toBe(true);
    expect(email?.hasAttribute('name')).toBe(false);
    expect(page.doc.querySelector('#champ-displayName')?.getAttribute('value')).toBe('Lina Lien');
  });

  it('creates the account (partner of that organisation, not an administrator), signs the person in, and the password works', async () => {
    const token = await invite(admin, 'recrue@reliures.fr', 'Rémi Recrue');
    const { reply, browser } = await accept(token, { displayName: 'Rémi Recrue-Martin' });
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/');
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('Rémi Recrue-Martin');
    expect(home.html).toContain('Votre compte de Reliures solidaires est créé');
    const user = await t.em().findOneOrFail(User, { email: 'recrue@reliures.fr' }, { populate: ['partner'] });
    expect([user.role, user.partner?.id, user.partnerAdmin, user.mustChangePassword, user.active]).toEqual(['partner', reliures.id, false, false, true]);
    const [invitation] = await sql<{ used_by_id: number; used: boolean }>(
      `select used_by_id, used_at is not null as used from partner_invitation where email = 'recrue@reliures.fr'`,
    );
    expect(invitation).toEqual({ used_by_id: user.id, used: true });
    expect((await new Browser(t.app).login('recrue@reliures.fr', PASSWORD)).status).toBe(303);
    // Used once: the same neutral page afterwards, and nothing more created.
    const second = await accept(token, { password: 'un autre mot de passe', confirmation: 'un autre mot de passe' });
    expect(second.reply.status).toBe(404);
    expect(second.reply.doc.querySelector('main')?.textContent).toContain(NEUTRAL);
    expect(await accounts('recrue@reliures.fr')).toBe(1);
    expect((await new Browser(t.app).login('recrue@reliures.fr', PASSWORD)).status).toBe(303);
  });

  it('answers an unknown, malformed or expired link with the same neutral page, creating nothing', async () => {
    const token = await invite(admin, 'expire@reliures.fr');
    const unknown = 'A'.repeat(43);
    current = new Date('2026-12-07T08:59:00Z');
    expect((await new Browser(t.app).get(`/invitation/${token}`)).status).toBe(200);
    current = new Date('2026-12-07T09:00:00Z');
    const pages: string[] = [];
    for (const path of [`/invitation/${token}`, `/invitation/${unknown}`, '/invitation/abc']) {
      const page = await new Browser(t.app).get(path);
      expect(page.status).toBe(404);
      pages.push(page.doc.querySelector('main')?.textContent ?? '');
      const { reply } = await accept(path.split('/').pop() as string);
      expect(reply.status).toBe(404);
      expect(reply.doc.querySelector('main')?.textContent).toContain(NEUTRAL);
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain(NEUTRAL);
    expect(await accounts('expire@reliures.fr')).toBe(0);
  });

  it('voids the links of an administrator who is deactivated or no longer an administrator', async () => {
    await createUser(t.em(), 'partner', { email: 'second@reliures.fr', partner: reliures, partnerAdmin: true });
    const second = await signedIn('second@reliures.fr');
    const token = await invite(second, 'apres-depart@reliures.fr');
    expect((await new Browser(t.app).get(`/invitation/${token}`)).status).toBe(200);
    await sql(`update app_user set partner_admin = false where email = 'second@reliures.fr'`);
    expect((await new Browser(t.app).get(`/invitation/${token}`)).status).toBe(404);
    expect((await accept(token)).reply.status).toBe(404);
    await sql(`update app_user set partner_admin = true, active = false where email = 'second@reliures.fr'`);
    expect((await accept(token)).reply.status).toBe(404);
    await sql(`update app_user set active = true where email = 'second@reliures.fr'`);
    expect((await accept(token)).reply.status).toBe(303);
    expect(await accounts('apres-depart@reliures.fr')).toBe(1);
  });

  it('refuses a short or mismatched password next to the field, creating nothing, the link still valid', async () => {
    const token = await invite(admin, 'court@reliures.fr');
    const short = await accept(token, { password: 'court', confirmation: 'court' });
    expect(short.reply.status).toBe(422);
    expect(short.reply.doc.querySelector('#champ-password-erreur')?.textContent).toBe('Choisissez un mot de passe d’au moins 12 caractères.');
    const mismatch = await accept(token, { confirmation: 'autre chose encore' });
    expect(mismatch.reply.status).toBe(422);
    expect(mismatch.reply.doc.querySelector('#champ-confirmation-erreur')?.textContent).toBe('Les deux saisies du mot de passe ne sont pas identiques.');
    expect(await accounts('court@reliures.fr')).toBe(0);
    expect((await accept(token)).reply.status).toBe(303);
  });

  it('refuses when an account with that address was created meanwhile, and leaves that account as it was', async () => {
    const token = await invite(admin, 'prise@reliures.fr');
    const existing = await createUser(t.em(), 'coordinator', { email: 'prise@reliures.fr' });
    const [before] = await sql<{ password_hash: string; version: number }>('select password_hash, version from app_user where id = ?', [existing.id]);
    const { reply } = await accept(token);
    expect(reply.status).toBe(409);
    expect(reply.doc.querySelector('[role=alert]')?.textContent).toContain('Un compte existe déjà avec cette adresse');
    const [after] = await sql<{ password_hash: string; version: number }>('select password_hash, version from app_user where id = ?', [existing.id]);
    expect(after).toEqual(before);
    expect(await sql(`select 1 from partner_invitation where email = 'prise@reliures.fr' and used_at is not null`)).toEqual([]);
    expect((await new Browser(t.app).login('prise@reliures.fr', PASSWORD)).status).toBe(422);
  });

  it('refuses a post without the page’s anti-forgery token, creating nothing', async () => {
    const token = await invite(admin, 'forge@reliures.fr');
    const { reply } = await accept(token, { _csrf: '' });
    expect(reply.status).toBe(403);
    expect(await accounts('forge@reliures.fr')).toBe(0);
    expect((await accept(token)).reply.status).toBe(303);
  });

  it('does not switch a signed-in person to another account: they are asked to sign out first', async () => {
    const token = await invite(admin, 'connecte@reliures.fr');
    const opened = await member.get(`/invitation/${token}`);
    expect(opened.status).toBe(409);
    expect(opened.doc.querySelector('main')?.textContent).toContain('déconnectez-vous, puis ouvrez à nouveau le lien');
    const posted = await member.post(`/invitation/${token}`, { displayName: 'Nina Petit', password: PASSWORD, confirmation: PASSWORD });
    expect(posted.status).toBe(409);
    expect(await accounts('connecte@reliures.fr')).toBe(0);
    expect((await member.get('/structure/equipe')).status).toBe(200);
  });

  it('is used once when 20 people post it at the same time: one account, the others get the neutral page', async () => {
    const token = await invite(admin, 'course@reliures.fr');
    const browsers = Array.from({ length: 20 }, () => new Browser(t.app));
    await Promise.all(browsers.map((b) => b.get(`/invitation/${token}`)));
    // Each new account takes 50 ms to write: the acceptances overlap for sure.
    await sql(`create function slow_account() returns trigger language plpgsql as $$ begin perform pg_sleep(0.05); return new; end $$`);
    await sql('create trigger slow_account before insert on app_user for each row execute function slow_account()');
    const replies = await Promise.all(
      browsers.map((b, i) => b.post(`/invitation/${token}`, { displayName: `Course ${i}`, password: PASSWORD, confirmation: PASSWORD })),
    ).finally(() => sql('drop trigger slow_account on app_user; drop function slow_account()'));
    expect(replies.map((r) => r.status).sort()).toEqual([303, ...Array(19).fill(404)]);
    for (const r of replies.filter((r) => r.status === 404)) expect(r.doc.querySelector('main')?.textContent).toContain(NEUTRAL);
    expect(await accounts('course@reliures.fr')).toBe(1);
    const sessions = await sql<{ n: number }>(
      `select count(*)::int as n from user_session s join app_user u on u.id = s.user_id where u.email = 'course@reliures.fr'`,
    );
    expect(sessions[0]?.n).toBe(1);
  });
});

describe('the link’s secrecy and throttle', () => {
  it('starts the link with PUBLIC_URL when it is set, whatever Host the request came with', async () => {
    const app = createApp({ orm: t.orm, config: { ...t.config, PUBLIC_URL: 'https://atelier.example.fr' }, log: pino({ level: 'silent' }), clock });
    const b = new Browser(app, { Host: 'evil.example' });
    await b.login('chef@reliures.fr', TEST_PASSWORD);
    const reply = await b.post('/structure/equipe/invitations', { displayName: 'Lina Lien', email: 'adresse-publique@reliures.fr' });
    expect(reply.doc.querySelector('.fr-error-text')?.textContent ?? '').toBe('');
    expect(reply.status).toBe(201);
    expect(reply.doc.querySelector('#lien-invitation-url')?.getAttribute('value')).toMatch(/^https:\/\/atelier\.example\.fr\/invitation\/[A-Za-z0-9_-]{43}$/);
  });

  it('never writes the token in the request log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = createApp({ orm: t.orm, config: t.config, log: pino({ level: 'info' }, sink), clock });
    const token = await invite(admin, 'journal@reliures.fr');
    // Answered by the app's own guards before the link's routes: a form left open (no CSRF token), a hostile query.
    expect((await new Browser(app).post(`/invitation/${token}`, { _csrf: '', displayName: 'Jules Journal' })).status).toBe(403);
    expect((await new Browser(app).get(`/invitation/${token}?x=%01`)).status).toBe(400);
    const b = new Browser(app);
    await b.get(`/invitation/${token}`);
    await b.post(`/invitation/${token}`, { displayName: 'Jules Journal', password: PASSWORD, confirmation: PASSWORD });
    expect(await accounts('journal@reliures.fr')).toBe(1);
    const log = lines.join('');
    expect(log).toContain('/invitation/…');
    expect(log).not.toContain(token);
    expect(log).not.toContain(sha256(token));
  });

  it('counts failed uses of links as failed logins of the address: past the limit, 429 on links and on the login', async () => {
    // The login reads the machine's time: this test's clock is it.
    current = new Date();
    const app = createApp({
      orm: t.orm,
      config: Object.freeze({ ...t.config, TRUST_PROXY: true, LOGIN_MAX_FAILURES_PER_IP: 3 }),
      log: pino({ level: 'silent' }),
      clock,
    });
    const token = await invite(admin, 'patiente@reliures.fr');
    const prober = new Browser(app, { 'X-Forwarded-For': '203.0.113.77' });
    for (let i = 0; i < 3; i++) expect((await accept(`${'B'.repeat(42)}${i}`, {}, prober)).reply.status).toBe(404);
    const throttled = await accept(token, {}, prober);
    expect(throttled.reply.status).toBe(429);
    expect(throttled.reply.doc.querySelector('main')?.textContent).toContain('Trop de tentatives infructueuses');
    expect(await accounts('patiente@reliures.fr')).toBe(0);
    expect((await prober.login('chef@reliures.fr', TEST_PASSWORD)).status).toBe(429);
    // Another address is not held back.
    expect((await accept(token, {}, new Browser(app, { 'X-Forwarded-For': '203.0.113.78' }))).reply.status).toBe(303);
  });
});
