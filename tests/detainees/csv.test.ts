import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Detainee } from '../../src/detainees/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { decodeSpreadsheet, headerKey, isoFromFrenchDate, readCsv, toExcelCsv } from '../../src/platform/csv.ts';
import { formatPlainHours } from '../../src/platform/format.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let mine: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext();
  mine = await createEstablishment(t.em(), { name: 'InSERRE de Lyon' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [mine] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('CSV helpers', () => {
  it('write what Excel opens in French: BOM, semicolons, CRLF, quotes when needed', () => {
    expect(
      toExcelCsv(
        ['Nom', 'Note'],
        [
          ['Lefèvre', 'a;b'],
          ['Roux', null],
        ],
      ),
    ).toBe('\uFEFFNom;Note\r\nLefèvre;"a;b"\r\nRoux;\r\n');
    expect(formatPlainHours(1050)).toBe('17,5');
    expect(formatPlainHours(2100)).toBe('35');
  });

  it('keep a formula typed as a name from running in a spreadsheet', () => {
    expect(toExcelCsv(['Nom'], [['=HYPERLINK("http://x")'], ['@SUM(1)'], ['-2'], ['Dupont-Roux']])).toBe(
      `\uFEFFNom\r\n"'=HYPERLINK(""http://x"")"\r\n'@SUM(1)\r\n'-2\r\nDupont-Roux\r\n`,
    );
  });

  it('read an Excel file saved in Windows-1252 as well as UTF-8', () => {
    const latin1 = Uint8Array.from([0x4e, 0x75, 0x6d, 0xe9, 0x72, 0x6f, 0x3b, 0x50, 0x72, 0xe9, 0x6e, 0x6f, 0x6d]); // "Numéro;Prénom" in Windows-1252
    expect(decodeSpreadsheet(latin1.buffer)).toBe('Numéro;Prénom');
    expect(decodeSpreadsheet(new TextEncoder().encode('Numéro;Prénom').buffer as ArrayBuffer)).toBe('Numéro;Prénom');
  });

  it('read semicolon or comma files, with or without a BOM', () => {
    expect(readCsv('\uFEFFNom;Prénom\r\nRoux;Ali\r\n')).toEqual({ header: ['Nom', 'Prénom'], rows: [['Roux', 'Ali']] });
    expect(readCsv('Nom,Prénom\nRoux,"Ali, dit Alou"\n').rows).toEqual([['Roux', 'Ali, dit Alou']]);
  });

  it('match headers without accents or case, and read French dates', () => {
    expect(headerKey('Numéro d’écrou')).toBe(headerKey('NUMERO D ECROU'));
    expect(isoFromFrenchDate('5/3/2026')).toBe('2026-03-05');
    expect(isoFromFrenchDate('2026-03-05')).toBe('2026-03-05');
  });
});

describe('exports', () => {
  it('give the people, cell by cell', async () => {
    await createDetainee(t.em(), mine, {
      lastName: 'Garnier',
      firstName: 'Élie',
      prisonNumber: 'L100',
      arrivalDate: '2026-02-03',
      expectedReleaseDate: '2027-05-06',
    });
    const res = await t.app.request(`/etablissements/${mine.id}/personnes.csv`, {
      headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="personnes-/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFNuméro d’écrou;Nom;Prénom;Date de naissance;Arrivée;Libération prévue;Statut;')).toBe(true);
    const { rows } = readCsv(text);
    const garnier = rows.find((r) => r[0] === 'L100');
    expect(garnier?.slice(0, 8)).toEqual(['L100', 'Garnier', 'Élie', '01/01/1990', '03/02/2026', '06/05/2027', 'Présente', '']);
  });

  it('give the assignments with hours in French decimals', async () => {
    const person = await createDetainee(t.em(), mine, { prisonNumber: 'L200', lastName: 'Perrin' });
    const post = await createPost(t.em(), await createWorkshop(t.em(), mine, { name: 'Atelier vélo' }), { code: 'LYO-VEL-01', title: 'Mécanicien' });
    await coordinator.post(`/personnes/${person.id}/affectations`, {
      postId: String(post.id),
      contractReference: 'CEP-2026-0007',
      startsOn: '2026-03-02',
      weeklyHours: '17h30',
    });
    const res = await t.app.request(`/etablissements/${mine.id}/affectations.csv`, {
      headers: { Cookie: [...coordinator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const { header, rows } = readCsv(await res.text());
    expect(header).toEqual([
      'Numéro d’écrou',
      'Nom',
      'Prénom',
      'Atelier',
      'Code poste',
      'Intitulé',
      'Contrat',
      'Début',
      'Fin du contrat',
      'Fin de la période d’essai',
      'Heures par semaine',
      'Rémunération',
      'Fin',
      'Motif de fin',
    ]);
    expect(rows.find((r) => r[0] === 'L200')).toEqual([
      'L200',
      'Perrin',
      'Jean',
      'Atelier vélo',
      'LYO-VEL-01',
      'Mécanicien',
      'CEP-2026-0007',
      '02/03/2026',
      '',
      '01/04/2026',
      '17,5',
      'Production',
      '',
      '',
    ]);
  });
});

function upload(b: Browser, establishmentId: number, csv: string) {
  const form = new FormData();
  form.append('_csrf', b.csrf);
  form.append('fichier', new File([csv], 'personnes.csv', { type: 'text/csv' }));
  return t.app.request(`/etablissements/${establishmentId}/personnes/import`, {
    method: 'POST',
    body: form,
    headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
}

describe('import', () => {
  // Each test imports into an establishment of its own: what one imports never meets another.
  let here: Establishment;
  let importer: Browser;
  beforeEach(async () => {
    here = await createEstablishment(t.em());
    const user = await createUser(t.em(), 'coordinator', { establishments: [here] });
    importer = new Browser(t.app);
    await importer.login(user.email, TEST_PASSWORD);
  });
  const good =
    'Numéro d’écrou;Nom;Prénom;Date de naissance;Arrivée;Libération prévue\r\nM1;Blanc;Yanis;12/04/1994;02/03/2026;\r\nM2;Noir;Théo;01/01/1980;15/01/2026;01/09/2027\r\n';

  it('lists every bad row with what to fix, and stores nothing', async () => {
    const before = await t.em().count(Detainee, { establishment: here.id });
    const bad = `${good}M1;Doublon;Jean;01/01/1990;01/02/2026;\r\n;Sansnumero;Paul;01/01/1990;01/02/2026;\r\nM4;Date;Léo;31/02/1990;01/02/2026;\r\n`;
    const res = await upload(importer, here.id, bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    const { parse } = await import('../support/app.ts');
    const doc = parse(html);
    const rows = [...doc.querySelectorAll('#lignes-a-corriger tbody tr')].map((tr) => [
      tr.querySelector('th')?.textContent,
      tr.querySelector('td:last-child')?.textContent,
    ]);
    expect(rows).toEqual([
      ['4', 'Numéro d’écrou M1 : déjà présent ligne 2 du fichier.'],
      ['5', 'Numéro d’écrou : Indiquez le numéro d’écrou.'],
      ['6', 'Date de naissance : Indiquez une date valide, au format jj/mm/aaaa.'],
    ]);
    expect(doc.querySelector('.fr-alert--error .fr-alert__title')?.textContent).toBe('3 lignes à corriger sur 5');
    expect(doc.querySelector('form[action$="/confirmation"]')).toBeNull();
    expect(await t.em().count(Detainee, { establishment: here.id })).toBe(before);
  });

  it('says which columns are missing', async () => {
    const res = await upload(importer, here.id, 'Nom;Prénom\r\nBlanc;Yanis\r\n');
    expect(await res.text()).toContain('Colonnes manquantes : Numéro d’écrou, Date de naissance, Arrivée.');
  });

  it('imports all rows at once after the check, and flags them as known on a second try', async () => {
    const res = await upload(importer, here.id, good);
    expect(res.status).toBe(200);
    const confirmation = await importer.post(`/etablissements/${here.id}/personnes/import/confirmation`, { contenu: good });
    expect(confirmation.status).toBe(303);
    expect(await t.em().findOneOrFail(Detainee, { prisonNumber: 'M2', establishment: here.id })).toMatchObject({
      lastName: 'Noir',
      arrivalDate: '2026-01-15',
      expectedReleaseDate: '2027-09-01',
    });
    const again = await importer.post(`/etablissements/${here.id}/personnes/import/confirmation`, { contenu: good });
    expect(again.status).toBe(422);
    expect(again.html).toContain('Numéro d’écrou M1 : déjà enregistré dans l’établissement.');
    expect(await t.em().count(Detainee, { prisonNumber: { $in: ['M1', 'M2'] }, establishment: here.id })).toBe(2);
  });
});
