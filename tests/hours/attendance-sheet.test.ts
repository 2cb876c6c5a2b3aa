import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import type { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const run = promisify(execFile);
let t: TestContext;
let dir: string;
// The week of Christmas 2026: Friday 25 December is a public holiday.
const MONDAY = '2026-12-21';

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-28') });
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-emargement-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

/** A person holding a post of the workshop since 1 December 2026 (on a 24 h contract), or from `startsOn`. */
async function holding(mine: Establishment, workshop: Workshop, person: Detainee, { title = 'Relieur', startsOn = '2026-12-01' } = {}) {
  const em = t.em();
  const post = await createPost(em, workshop, { title });
  const a = em.create(Assignment, {
    establishment: mine.id,
    detainee: person.id,
    post: post.id,
    contractReference: `CEP-${post.id}`,
    startsOn,
    trialEndsOn: startsOn,
    weeklyMinutes: 24 * 60,
    payCategory: 'production',
  });
  await em.flush();
  return { post, assignment: a };
}

async function workshopOf(name: string) {
  const em = t.em();
  const mine = await createEstablishment(em, { name: `Centre pénitentiaire d’Arras ${name}` });
  const partner = await createPartner(em, { name: `Association Lire & Relier ${name}` });
  const workshop = await createWorkshop(em, mine, { name: `Reliure d’art ${name}`, partner });
  const coordinator = await signedIn(await createUser(em, 'coordinator', { establishments: [mine] }));
  const partnerUser = await signedIn(await createUser(em, 'partner', { partner }));
  return { mine, partner, workshop, coordinator, partnerUser };
}

/** The sheet as the signed-in user downloads it, and its text read back by poppler's pdftotext. */
async function sheetOf(b: Browser, workshop: Workshop, monday = MONDAY) {
  const res = await t.app.request(`/ateliers/${workshop.id}/pointage/emargement.pdf?semaine=${monday}`, {
    headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  if (res.status !== 200) return { status: res.status, type: res.headers.get('Content-Type'), disposition: null, text: '', pages: 0 };
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
  const { stdout: info } = await run('pdfinfo', [file]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  return {
    status: res.status,
    type: res.headers.get('Content-Type'),
    disposition: res.headers.get('Content-Disposition'),
    text,
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]),
    landscape: Number(size?.[1]) > Number(size?.[2]),
  };
}

describe('the weekly attendance sheet', () => {
  it('prints the establishment, workshop, partner, week, each person’s name and post by day with holidays, and both signature lines', async () => {
    const { mine, workshop, coordinator, partnerUser } = await workshopOf('A');
    const eloise = await createDetainee(t.em(), mine, { lastName: 'Dupré', firstName: 'Éloïse', prisonNumber: 'ECROU77', arrivalDate: '2026-10-01' });
    const marc = await createDetainee(t.em(), mine, { lastName: 'Œuvray', firstName: 'Marc', arrivalDate: '2026-10-01' });
    const { assignment } = await holding(mine, workshop, eloise, { title: 'Relieuse d’art' });
    // Marc starts on Wednesday: Monday and Tuesday take no signature.
    await holding(mine, workshop, marc, { title: 'Massicotier', startsOn: '2026-12-23' });
    // Éloïse's week so far: 7 h on Monday, 3 h 30 on Tuesday, absent (sickness) on Wednesday.
    const grid = (day: string, value: string) =>
      coordinator.post(
        '/pointage/cellule',
        { cell: `c-a${assignment.id}-${day}`, [`c-a${assignment.id}-${day}`]: value, version: '0' },
        { 'HX-Request': 'true' },
      );
    expect((await grid('2026-12-21', '7h')).status).toBe(200);
    expect((await grid('2026-12-22', '3h30')).status).toBe(200);
    expect((await grid('2026-12-23', 'CJ')).status).toBe(200);
    expect(await t.em().count(TimeEntry, { assignment: assignment.id })).toBe(3);

    for (const b of [coordinator, partnerUser]) {
      const sheet = await sheetOf(b, workshop);
      expect(sheet.status).toBe(200);
      expect(sheet.type).toBe('application/pdf');
      expect(sheet.disposition).toBe(`inline; filename="emargement-reliure-d-art-a-${MONDAY}.pdf"`);
      expect(sheet.landscape).toBe(true);
      expect(sheet.pages).toBe(1);
      for (const expected of [
        'Feuille d’émargement — semaine du lundi 21 décembre au dimanche 27 décembre 2026',
        'Établissement : Centre pénitentiaire d’Arras A',
        'Atelier : Reliure d’art A',
        'Structure partenaire : Association Lire & Relier A',
        'DUPRÉ Éloïse',
        'Relieuse d’art (',
        'ŒUVRAY Marc',
        'Massicotier (',
        ...['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'],
        ...['21/12', '22/12', '23/12', '24/12', '25/12', '26/12', '27/12'],
        '7h',
        '3h30',
        'Férié : Noël',
        'Total',
        '10h30',
        'Absent',
        'Pour la structure partenaire',
        'Pour la coordination',
      ]) {
        expect(sheet.text).toContain(expected);
      }
      // Each signature block asks for a name, a date and a signature.
      expect(sheet.text.match(/Nom :/g)).toHaveLength(2);
      expect(sheet.text.match(/Date :/g)).toHaveLength(2);
      expect(sheet.text.match(/Signature :/g)).toHaveLength(2);
      // Name and post only: no prison number, no contract, never the reason of an absence.
      expect(sheet.text).not.toContain('ECROU77');
      expect(sheet.text).not.toMatch(/contrat|\bCJ\b|24h/);
    }
  });

  it('is refused to a partner of another workshop and to a coordinator of another establishment, and to a committee member (404)', async () => {
    const { workshop } = await workshopOf('B');
    const other = await workshopOf('C');
    expect((await sheetOf(other.partnerUser, workshop)).status).toBe(404);
    expect((await sheetOf(other.coordinator, workshop)).status).toBe(404);
    const committee = await signedIn(await createUser(t.em(), 'committee'));
    expect((await sheetOf(committee, workshop)).status).toBe(404);
  });

  it('holds 30 people on three landscape pages, each named once, the signature lines after the last', async () => {
    const { mine, workshop, coordinator } = await workshopOf('D');
    const names: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const person = await createDetainee(t.em(), mine, { lastName: `Personne${String(i).padStart(2, '0')}`, firstName: 'Léa', arrivalDate: '2026-10-01' });
      await holding(mine, workshop, person);
      names.push(person.fullName());
    }
    const sheet = await sheetOf(coordinator, workshop);
    expect(sheet.status).toBe(200);
    expect(sheet.pages).toBe(3);
    for (const name of names) expect(sheet.text.split(name)).toHaveLength(2);
    // Every page repeats the days' header; the signatures come once, after the last person.
    expect(sheet.text.match(/Dimanche/g)).toHaveLength(3);
    expect(sheet.text.lastIndexOf('PERSONNE30 Léa')).toBeLessThan(sheet.text.indexOf('Pour la coordination'));
    expect(sheet.text).toContain('page 3 / 3');
  });

  it('is linked from the workshop’s grid, for the week shown', async () => {
    const { workshop, partnerUser } = await workshopOf('E');
    const page = await partnerUser.get(`/ateliers/${workshop.id}/pointage?semaine=2026-12-23`);
    const link = page.doc.querySelector('#imprimer-emargement');
    expect(link?.textContent?.trim()).toBe('Imprimer la feuille d’émargement');
    expect(link?.getAttribute('href')).toBe(`/ateliers/${workshop.id}/pointage/emargement.pdf?semaine=${MONDAY}`);
  });
});
