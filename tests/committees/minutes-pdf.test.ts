import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesDocument } from '../../src/committees/entities.ts';
import { frenchTypography, minutesPdf } from '../../src/committees/minutes-pdf.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atelier-minutes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The PDF's text as poppler reads it, page by page (pdftotext separates pages with a form feed). */
async function pdfPages(bytes: Buffer): Promise<string[]> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  return stdout.split('\f').filter((page) => page.trim() !== '');
}

function minutes(overrides: Partial<MinutesDocument> = {}): MinutesDocument {
  return {
    committee: { name: 'Comité technique de Brest', kind: 'technical', code: 'CT-BREST', quorum: 3 },
    establishments: ['Maison d’arrêt de Brest'],
    // 14h30 in Paris (winter time, UTC+1).
    startsAt: new Date('2026-11-12T13:30:00Z'),
    place: 'Salle de réunion du greffe',
    videoLink: '',
    edition: 1,
    content: {
      attendance: [
        { name: 'Claire Dupont', organisation: 'Direction interrégionale de Rennes', role: 'chair', status: 'present', representedBy: '' },
        { name: 'Camille Coordination', organisation: 'Atelier', role: 'secretary', status: 'present', representedBy: '' },
        { name: 'Yann Le Gall', organisation: 'SPIP du Finistère', role: 'member', status: 'represented', representedBy: 'Anne Morvan' },
        { name: 'Sophie Martin', organisation: 'Association Lire & Relier', role: 'member', status: 'excused', representedBy: '' },
      ],
      items: [
        { position: 1, kind: 'follow_up', title: 'Suivi des actions', presenter: '', discussion: 'Les actions de la séance précédente sont revues.' },
        {
          position: 2,
          kind: 'topic',
          title: 'Bilan de l’atelier de reliure',
          presenter: 'Sophie Martin',
          discussion: 'Le taux d’occupation progresse : 9 postes sur 10.\n\n- deux départs en formation\n- une arrivée prévue ?',
        },
      ],
      decisions: [
        { number: 'CT-BREST-2026-04', item: 2, text: 'Ouvrir un dixième poste de relieur.' },
        { number: 'CT-BREST-2026-05', item: null, text: 'Tenir la prochaine séance en janvier.' },
      ],
      actions: [
        {
          id: 1,
          title: 'Publier l’offre du poste',
          owner: 'Camille Coordination',
          dueOn: '2026-12-15',
          status: 'in_progress',
          comment: 'Affichée en détention',
        },
        { id: 2, title: 'Relancer le SPIP', owner: 'Yann Le Gall', dueOn: null, status: 'dropped', comment: '' },
      ],
    },
    approval: { on: '03/12/2026', by: 'Claire Dupont (présidente)' },
    ...overrides,
  };
}

describe('the minutes PDF', () => {
  it('prints the header, the attendance, the numbered decisions, the actions and the approval line', async () => {
    const pages = await pdfPages(await minutesPdf(minutes()));
    const text = pages.join('\n');
    expect(text).toContain('Compte rendu — Comité technique de Brest');
    expect(text).toContain('Comité technique d’établissement');
    expect(text).toContain('Maison d’arrêt de Brest');
    expect(text).toContain('12 novembre 2026 à 14h30');
    expect(text).toContain('Salle de réunion du greffe');
    expect(text).toContain('Version 1');
    for (const name of ['Claire Dupont', 'Camille Coordination', 'Yann Le Gall', 'Sophie Martin']) expect(text).toContain(name);
    expect(text).toContain('Représenté par Anne Morvan');
    expect(text).toContain('Excusé');
    // Claire, Camille present; Yann represented: three sitting for a quorum of three.
    expect(text).toMatch(/Quorum\s: 3 membres présents ou représentés requis\s; 3 présents ou représentés, quorum atteint/u);
    expect(text).toContain('CT-BREST-2026-04 (point 2)');
    expect(text).toContain('CT-BREST-2026-05');
    expect(text).toContain('Publier l’offre du poste');
    expect(text).toContain('15/12/2026');
    expect(text).toContain('En cours');
    expect(text).toContain('Abandonnée');
    expect(text).toMatch(/–\s+deux départs en formation/);
    expect(text).toMatch(/Approuvé le 03\/12\/2026 par Claire Dupont \(présidente\)/);
    expect(text).not.toContain('Projet');
    for (const [i, page] of pages.entries()) expect(page).toContain(`Page ${i + 1} sur ${pages.length}`);
  });

  it('marks every page of a draft « Projet — non approuvé », and says a correction is a new version', async () => {
    const long = Array.from(
      { length: 40 },
      (_, i) => `Paragraphe ${i + 1} : ${'les échanges portent sur le suivi des personnes et des postes. '.repeat(6)}`,
    ).join('\n\n');
    const draft = minutes({
      approval: null,
      edition: 2,
      content: { ...minutes().content, items: [{ position: 1, kind: 'topic', title: 'Point long', presenter: '', discussion: long }] },
    });
    const pages = await pdfPages(await minutesPdf(draft));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page).toContain('Projet — non approuvé');
      expect(page).toContain(`Page ${i + 1} sur ${pages.length}`);
      expect(page).toContain('Compte rendu — Comité technique de Brest');
    });
    const text = pages.join('\n');
    expect(text).toContain('Version 2, corrigée');
    expect(text).toContain('Paragraphe 40');
    expect(text).not.toContain('Approuvé le');
  });

  it('writes an approval day given as a calendar day the French way', async () => {
    const text = (await pdfPages(await minutesPdf(minutes({ approval: { on: '2026-12-03', by: 'Claire Dupont (présidence)' } })))).join('\n');
    expect(text).toContain('Approuvé le 03/12/2026 par Claire Dupont (présidence).');
  });

  it('is the same bytes for the same document', async () => {
    const [a, b] = await Promise.all([minutesPdf(minutes()), minutesPdf(minutes())]);
    expect(a.equals(b)).toBe(true);
    const other = await minutesPdf(minutes({ edition: 2 }));
    expect(other.equals(a)).toBe(false);
  });

  it('keeps « : ; ! ? » and the quotes on the line of the word before them', () => {
    expect(frenchTypography('Bilan : « très bien » ; suite ? Oui !')).toBe('Bilan\u00a0: «\u00a0très bien\u00a0»\u00a0; suite\u00a0? Oui\u00a0!');
    expect(frenchTypography('https://visio.example/salle à 14:30')).toBe('https://visio.example/salle à 14:30');
  });
});
