import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { TimeEntry } from '../../src/hours/entities.ts';
import { Partner } from '../../src/partners/entities.ts';
import { User } from '../../src/users/entities.ts';
import { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, fieldError, parse, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

const CONTROL = 'Ce champ contient un caractère invisible ou de contrôle : retapez-le.';

let t: TestContext;
let here: Establishment;
let partner: Partner;
let workshop: Workshop;
let coordinator: Browser;
let admin: Browser;
let coordinatorEmail: string;

beforeAll(async () => {
  t = await createTestContext();
  here = await createEstablishment(t.em());
  partner = await createPartner(t.em());
  workshop = await createWorkshop(t.em(), here, { partner });
  coordinatorEmail = (await createUser(t.em(), 'coordinator', { establishments: [here] })).email;
  const adminEmail = (await createUser(t.em(), 'admin')).email;
  coordinator = new Browser(t.app);
  await coordinator.login(coordinatorEmail, TEST_PASSWORD);
  admin = new Browser(t.app);
  await admin.login(adminEmail, TEST_PASSWORD);
});
afterAll(() => t.close());

const personForm = (over: Record<string, string> = {}) => ({
  prisonNumber: 'H1',
  lastName: 'Lefèvre',
  firstName: 'Noé',
  birthDate: '1995-04-12',
  arrivalDate: '2026-03-02',
  ...over,
});
const workshopForm = (over: Record<string, string> = {}) => ({
  name: 'Atelier reliure',
  activity: 'Reliure de livres',
  partnerId: String(partner.id),
  iaeType: 'aci',
  openingHours: '',
  ...over,
});
const PEOPLE_HEADER = 'Numéro d’écrou;Nom;Prénom;Date de naissance;Arrivée;Libération prévue';

function upload(b: Browser, path: string, csv: string) {
  const form = new FormData();
  form.append('_csrf', b.csrf);
  form.append('fichier', new File([csv], 'fichier.csv', { type: 'text/csv' }));
  return t.app.request(path, { method: 'POST', body: form, headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
}

/** What is stored that a hostile request could have added. */
async function stored() {
  const em = t.em();
  return {
    people: await em.count(Detainee, {}),
    workshops: await em.count(Workshop, {}),
    partners: await em.count(Partner, {}),
    users: await em.count(User, {}),
    hours: await em.count(TimeEntry, {}),
  };
}

describe('a NUL byte', () => {
  const cases: Array<[string, () => Promise<{ status: number; html: string }>]> = [
    ['the login form', () => new Browser(t.app).login(`${coordinatorEmail}\u0000`, TEST_PASSWORD)],
    ['the login form (password)', () => new Browser(t.app).login(coordinatorEmail, `${TEST_PASSWORD}\u0000`)],
    ['a new person', () => coordinator.post(`/etablissements/${here.id}/personnes`, personForm({ officerName: 'M. Nul\u0000' }))],
    ['a new workshop', () => coordinator.post(`/etablissements/${here.id}/ateliers`, workshopForm({ activity: 'Reliure\u0000' }))],
    [
      'a new partner',
      () => admin.post('/partenaires', { name: 'Structure\u0000', kind: 'association', siret: '', contactName: '', contactEmail: '', contactPhone: '' }),
    ],
    ['a search of people', () => coordinator.get(`/etablissements/${here.id}/personnes?q=%00`)],
    ['a search of users', () => admin.get('/admin/utilisateurs?q=a%00b')],
    ['a filter of the audit trail', () => admin.get('/admin/journal?id=%00')],
    ['a parameter name', () => coordinator.get(`/etablissements/${here.id}/personnes?%00=1`)],
    [
      'the people import',
      async () => {
        const res = await upload(
          coordinator,
          `/etablissements/${here.id}/personnes/import`,
          `${PEOPLE_HEADER}\r\nN1;Blanc;Ya\u0000nis;12/04/1994;02/03/2026;\r\n`,
        );
        return { status: res.status, html: await res.text() };
      },
    ],
    [
      'the people import confirmed anyway',
      () =>
        coordinator.post(`/etablissements/${here.id}/personnes/import/confirmation`, {
          contenu: `${PEOPLE_HEADER}\r\nN1;Blanc;Ya\u0000nis;12/04/1994;02/03/2026;\r\n`,
        }),
    ],
    [
      'the hours import',
      async () => {
        const res = await upload(coordinator, `/ateliers/${workshop.id}/pointage/import`, 'Numéro d’écrou;Date;Durée\r\nH\u00001;09/02/2026;7h\r\n');
        return { status: res.status, html: await res.text() };
      },
    ],
    [
      'the hours import confirmed anyway',
      () => coordinator.post(`/ateliers/${workshop.id}/pointage/import/confirmation`, { contenu: 'Numéro d’écrou;Date;Durée\r\nH\u00001;09/02/2026;7h\r\n' }),
    ],
  ];

  it.each(cases)('in %s answers 4xx with a French message, never 500, and stores nothing', async (_, send) => {
    const before = await stored();
    const reply = await send();
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(reply.html).toMatch(/caractère invisible ou de contrôle/);
    expect(await stored()).toEqual(before);
  });

  it('is shown next to the field it was typed in', async () => {
    const reply = await coordinator.post(`/etablissements/${here.id}/personnes`, personForm({ cpipName: 'Mme\u0007Hervé' }));
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'cpipName')).toBe(CONTROL);
  });

  it('refuses the import row with its line number', async () => {
    const csv = `${PEOPLE_HEADER}\r\nN2;Blanc;Yanis;12/04/1994;02/03/2026;\r\nN3;No\u001Fir;Théo;01/01/1980;15/01/2026;\r\n`;
    const res = await upload(coordinator, `/etablissements/${here.id}/personnes/import`, csv);
    expect(res.status).toBe(422);
    const rows = [...parse(await res.text()).querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => [
      tr.querySelector('th')?.textContent,
      tr.querySelector('td:last-child')?.textContent,
    ]);
    expect(rows).toEqual([['3', 'Cette ligne contient un caractère invisible ou de contrôle : corrigez-la dans le tableur.']]);
  });

  it('refuses the hours import row with its line number', async () => {
    const csv = 'Numéro d’écrou;Date;Durée\r\nH1;09/02/2026;7h\r\nH\u00002;09/02/2026;7h\r\n';
    const res = await upload(coordinator, `/ateliers/${workshop.id}/pointage/import`, csv);
    expect(res.status).toBe(422);
    const rows = [...parse(await res.text()).querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => tr.querySelector('th')?.textContent);
    expect(rows).toContain('3');
  });

  it('leaves tabs and line breaks to the fields that take several lines', async () => {
    const reply = await coordinator.post(`/etablissements/${here.id}/ateliers`, workshopForm({ name: 'Atelier horaires', openingHours: 'lun.\tmar.\r\nmer.' }));
    expect(reply.status).toBe(303);
  });
});

describe('a name with nothing visible', () => {
  const INVISIBLE = [
    ['only a zero-width space', '\u200B'],
    ['a right-to-left override', 'Noé\u202E'],
    ['a left-to-right mark', '\u200ENoé'],
    ['an isolate', '\u2066Noé\u2069'],
    ['no letter at all', '\u00A0-\u00A0'],
    ['a line break', 'No\r\né'],
  ] as const;

  it.each(INVISIBLE)('is refused in a person’s first name (%s), next to the field, storing nothing', async (_, name) => {
    const before = await stored();
    const reply = await coordinator.post(`/etablissements/${here.id}/personnes`, personForm({ prisonNumber: 'INV1', firstName: name }));
    expect(reply.status).toBe(422);
    expect(fieldError(reply.doc, 'firstName')).toMatch(/invisible|lettre/);
    expect(await stored()).toEqual(before);
  });

  it.each(INVISIBLE)('is refused in a workshop’s name (%s)', async (_, name) => {
    const before = await stored();
    const reply = await coordinator.post(`/etablissements/${here.id}/ateliers`, workshopForm({ name: `${name}${name}` }));
    expect(reply.status).toBe(422);
    expect(reply.html).toMatch(/invisible|lettre/);
    expect(await stored()).toEqual(before);
  });

  it('is refused in a user’s name and a partner’s name', async () => {
    const before = await stored();
    const user = await admin.post('/admin/utilisateurs', { displayName: '\u202Enimda', email: 'rlo@exemple.fr', role: 'committee' });
    expect(user.status).toBe(422);
    expect(fieldError(user.doc, 'displayName')).toMatch(/invisible/);
    const org = await admin.post('/partenaires', {
      name: '\u200B\u200B\u200B',
      kind: 'association',
      siret: '',
      contactName: '',
      contactEmail: '',
      contactPhone: '',
    });
    expect(org.status).toBe(422);
    expect(org.html).toContain(CONTROL);
    expect(await stored()).toEqual(before);
  });

  it('keeps accents, apostrophes, hyphens and non-Latin letters', async () => {
    const reply = await coordinator.post(
      `/etablissements/${here.id}/personnes`,
      personForm({ prisonNumber: 'OK1', lastName: 'N’Diaye-Öztürk', firstName: 'Zoë Ярослав محمد' }),
    );
    expect(reply.status).toBe(303);
  });

  it('is refused in the people import, with the line', async () => {
    const before = await stored();
    const csv = `${PEOPLE_HEADER}\r\nZW1;Blanc;\u200B;12/04/1994;02/03/2026;\r\nZW2;Ev\u202Eil;Théo;01/01/1980;15/01/2026;\r\n`;
    const res = await upload(coordinator, `/etablissements/${here.id}/personnes/import`, csv);
    expect(res.status).toBe(422);
    const rows = [...parse(await res.text()).querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => tr.querySelector('th')?.textContent);
    expect(rows).toEqual(['2', '3']);
    const confirmed = await coordinator.post(`/etablissements/${here.id}/personnes/import/confirmation`, { contenu: csv });
    expect(confirmed.status).toBe(422);
    expect(await stored()).toEqual(before);
  });
});

describe('the audit trail’s filters', () => {
  it.each([['page=99999999999999999999'], ['page=1e30'], ['du=9999-12-31'], ['au=9999-12-31'], ['du=0001-01-01']])(
    '%s answers a French page, never 500',
    async (query) => {
      const reply = await admin.get(`/admin/journal?${query}`);
      expect([200, 400]).toContain(reply.status);
      if (reply.status === 400) expect(reply.html).toMatch(/page|date/i);
    },
  );
});
