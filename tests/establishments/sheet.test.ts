import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/data.ts';
import { Establishment } from '../../src/establishments/entities.ts';
import { renderEstablishmentSheet, type SheetData } from '../../src/establishments/sheet.pdf.ts';
import { sheetFileName } from '../../src/establishments/sheet.ts';
import { formatDateTime, formatDay, plural } from '../../src/platform/format.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD, TEST_PASSWORD_HASH_COST } from '../support/factories.ts';

const run = promisify(execFile);
let t: TestContext;
let dir: string;
let arras: Establishment;

/** Reads a PDF back as text with poppler's pdftotext, the way a person would copy it. */
async function pdfText(bytes: Buffer): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout;
}

async function stream(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of doc) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  t = await createTestContext();
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-pdf-'));
  await loadDemoData(t.em(), TEST_PASSWORD_HASH_COST);
  arras = await t.em().findOneOrFail(Establishment, { kind: 'inserre' });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t.close();
});

describe('the establishment sheet', () => {
  it('downloads as a PDF whose text holds the establishment, its workshops and posts, accents intact', async () => {
    const b = new Browser(t.app);
    await b.login('coordination@atelier.test', 'atelier-demo');
    const res = await t.app.request(`/etablissements/${arras.id}/fiche.pdf`, { headers: { Cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="fiche-etablissement-inserre-d-arras-demo-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [
      'Établissement InSERRE d’Arras (démo)',
      'Atelier vélo de l’espace citoyen',
      'Restaurant de l’espace citoyen',
      'Mécanicien cycles',
      'Agent d’accueil atelier',
      'ARR-VEL-01',
      'ARR-BLA-08',
      'Jardins d’Insertion de l’Artois (démo)',
      'Commis de cuisine',
      'Générée le',
      'Rémunération',
      'Occupation',
      'Production, plancher 45 % du',
      'Structure : Cycles Solidaires (démo).',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Filled posts, counted here from the contracts held today.
    const [row] = await t
      .em()
      .getConnection()
      .execute<{ n: number }[]>(
        `select count(distinct a.post_id)::int as n from assignment a join post p on p.id = a.post_id
          where p.establishment_id = ? and a.starts_on <= (now() at time zone 'Europe/Paris')::date
            and (a.ended_on is null or a.ended_on >= (now() at time zone 'Europe/Paris')::date)`,
        [arras.id],
      );
    const n = row?.n ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(text).toContain(`6 ateliers, 60 postes dont 60 ouverts et ${n} occupés aujourd’hui`);
    expect(text.match(/Occupé/g)?.length).toBe(n);
    expect(text.match(/Vacant/g)?.length).toBe(60 - n);
    expect(text).not.toContain('·');
    expect(text).toMatch(/page 1 \/ \d/);
    expect(text).not.toContain('Maison d’arrêt de Brest');
  });

  it('is the same bytes for the same data (the creation date comes from the data)', async () => {
    const data: SheetData = {
      establishment: { name: 'Centre d’essai', kind: 'Centre de détention', city: 'Caen', capacity: plural(1200, 'place', 'places') },
      generatedAt: new Date('2026-11-26T08:00:00Z'),
      generatedAtLabel: '26 novembre 2026 à 09h00',
      summary: '1 atelier.',
      workshops: [
        {
          name: 'Atelier œuvre',
          partner: 'Association « Élan »',
          activity: 'Reliure',
          iae: 'ACI',
          openingHours: '',
          occupancy: '1/1 postes occupés',
          posts: [{ code: 'CAE-01', title: 'Relieur', hours: '35 h', pay: 'Production', occupancy: 'Occupé' }],
        },
      ],
      sessions: [],
    };
    const [a, b] = await Promise.all([stream(renderEstablishmentSheet(data)), stream(renderEstablishmentSheet(data))]);
    expect(a.equals(b)).toBe(true);
    const text = await pdfText(a);
    expect(text).toContain('Atelier œuvre');
    expect(text).toContain('Association « Élan »');
    expect(text).toContain('Aucune session programmée.');
    // The thousands separator (U+202F) needs the embedded Marianne: Helvetica garbles it as « 1 /200 ».
    expect(text).toMatch(/capacité 1\s200 places/u);
    expect(text).not.toContain('/200');
  });

  it('writes the first of a month as « 1er »', async () => {
    const data: SheetData = {
      establishment: { name: 'Centre d’essai', kind: 'Centre de détention', city: 'Caen', capacity: '300 places' },
      generatedAt: new Date('2026-10-01T08:00:00Z'),
      generatedAtLabel: formatDateTime(new Date('2026-10-01T08:00:00Z')),
      summary: '1 atelier.',
      workshops: [],
      sessions: [
        {
          title: 'CAP cuisine',
          provider: 'GRETA',
          certification: 'RNCP1',
          dates: `du ${formatDay('2026-10-01')} au ${formatDay('2026-12-18')}`,
          places: '12',
          paid: 'oui',
        },
      ],
    };
    const text = await pdfText(await stream(renderEstablishmentSheet(data)));
    expect(text).toContain('Générée le 1er octobre 2026 à 10h00');
    expect(text).toContain('du 1er octobre 2026');
  });

  it('is refused to a partner (403) and to a coordinator of another establishment (404)', async () => {
    const elsewhere = await createEstablishment(t.em());
    await createUser(t.em(), 'coordinator', { email: 'ailleurs@exemple.fr', establishments: [elsewhere] });
    const outsider = new Browser(t.app);
    await outsider.login('ailleurs@exemple.fr', TEST_PASSWORD);
    expect((await outsider.get(`/etablissements/${arras.id}/fiche.pdf`)).status).toBe(404);
    const partner = new Browser(t.app);
    await partner.login('partenaire@atelier.test', 'atelier-demo');
    expect((await partner.get(`/etablissements/${arras.id}/fiche.pdf`)).status).toBe(403);
  });

  it('gets a file name without accents or spaces', () => {
    expect(sheetFileName('Maison d’arrêt de Brest (démo)', '2026-11-26')).toBe('fiche-maison-d-arret-de-brest-demo-2026-11-26.pdf');
  });
});
