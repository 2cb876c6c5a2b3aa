import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityEntry } from '../../src/activity/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import { PartnerAgreement, PartnerContact, PartnerInvitation } from '../../src/partners/profile-entities.ts';
import type { User } from '../../src/users/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The route × role table of the partners' space (issue 21, item 8): every route a partner's
 * space adds, asked by each kind of caller, with the status each must get. A partner never
 * reaches another partner's workshops, log, contacts, agreements, colleagues or pay (404, or
 * its own data on its own addresses); managers read what they manage and write nothing of a
 * partner's own; committee members get nothing of it. Write routes are posted empty (or
 * harmless): an allowed caller gets the form's refusal (422), never a write; the cell `ok`
 * marks an allowed destructive action, tested in its feature's own file.
 */
const ok = null;
const WHO = ['admin', 'coordinator', 'coordinatorElsewhere', 'partnerAdmin', 'partnerStaff', 'otherPartner', 'committee'] as const;
type Who = (typeof WHO)[number];
type Statuses = [number | null, number | null, number | null, number | null, number | null, number | null, number | null];

interface World {
  mine: Establishment;
  partner: Partner;
  workshop: Workshop;
  otherWorkshop: Workshop;
  entry: number;
  oldEntry: number;
  otherEntry: number;
  contact: number;
  agreement: number;
  invitation: number;
  colleague: User;
  person: number;
  /** A shared « Rapport d'évaluation » of `mine`. */
  report: number;
}

let t: TestContext;
let w: World;
const browsers = new Map<Who, Browser>();

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  const mine = await createEstablishment(em, { name: 'Table des rôles' });
  const elsewhere = await createEstablishment(em, { name: 'Ailleurs' });
  const partner = await createPartner(em, { name: 'Reliures de la table' });
  const other = await createPartner(em, { name: 'Menuiserie voisine' });
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const otherWorkshop = await createWorkshop(em, mine, { name: 'Menuiserie', partner: other });
  await createPost(em, workshop, { code: 'TR-REL-01' });
  const person = await createDetainee(em, mine, { lastName: 'Tableau' });
  const users: Record<Who, User> = {
    admin: await createUser(em, 'admin'),
    coordinator: await createUser(em, 'coordinator', { establishments: [mine] }),
    coordinatorElsewhere: await createUser(em, 'coordinator', { establishments: [elsewhere] }),
    partnerAdmin: await createUser(em, 'partner', { partner, partnerAdmin: true }),
    partnerStaff: await createUser(em, 'partner', { partner }),
    otherPartner: await createUser(em, 'partner', { partner: other, partnerAdmin: true }),
    committee: await createUser(em, 'committee', { establishments: [mine] }),
  };
  const entry = (workshop: Workshop, description: string, createdAt = new Date()) =>
    em.create(ActivityEntry, { establishment: mine, workshop, partner: workshop.partner, day: '2026-11-02', kind: 'other', description, createdAt });
  // The old entry was written more than 7 days ago: only a correction may replace it.
  const [mineEntry, oldEntry, otherEntry] = [
    entry(workshop, 'Inventaire'),
    entry(workshop, 'Rangement', new Date(Date.now() - 8 * 86_400_000)),
    entry(otherWorkshop, 'Inventaire voisin'),
  ];
  const contact = em.create(PartnerContact, { partner, name: 'Mme Leroy' });
  const agreement = em.create(PartnerAgreement, { partner, establishment: mine, reference: 'CONV-TR-1', startsOn: '2026-01-01', endsOn: '2027-12-31' });
  const invitation = em.create(PartnerInvitation, {
    partner,
    email: 'invitee@exemple.fr',
    displayName: 'Alex Invité',
    tokenHash: 'c'.repeat(64),
    expiresAt: new Date(Date.now() + 86_400_000),
    createdBy: users.partnerAdmin,
  });
  await em.flush();
  const [report] = await em.execute<Array<{ id: number }>>(
    `insert into evaluation_report (establishment_id, period, period_from, period_to, version, status, requested_by_id, generated_at, data_version,
                                    figures, figures_sha256, pdf, pdf_sha256, shared_by_id, shared_at)
     values (?, '2026-T3', '2026-07-01', '2026-09-30', 1, 'shared', ?, now(), 1, '{}', ?, ?, ?, ?, now()) returning id`,
    [mine.id, users.coordinator.id, 'a'.repeat(64), Buffer.from('%PDF-1.7'), 'b'.repeat(64), users.coordinator.id],
  );
  w = {
    mine,
    partner,
    workshop,
    otherWorkshop,
    entry: mineEntry.id,
    oldEntry: oldEntry.id,
    otherEntry: otherEntry.id,
    contact: contact.id,
    agreement: agreement.id,
    invitation: invitation.id,
    colleague: users.partnerStaff,
    person: person.id,
    report: (report as { id: number }).id,
  };
  for (const who of WHO) {
    const browser = new Browser(t.app);
    await browser.login(users[who].email, TEST_PASSWORD);
    browsers.set(who, browser);
  }
});
afterAll(() => t.close());

//                                                       admin coord  elsew. p.adm  p.staff other  comm.
const READS: Array<[string, (w: World) => string, Statuses]> = [
  ['the home', () => '/', [200, 200, 200, 200, 200, 200, 200]],
  ['the partner’s profile (its own for each partner)', () => '/structure', [403, 403, 403, 200, 200, 200, 403]],
  ['the partner’s team (its own)', () => '/structure/equipe', [403, 403, 403, 200, 200, 200, 403]],
  ['a contact’s form', (w) => `/structure/contacts/${w.contact}`, [403, 403, 403, 200, 403, 404, 403]],
  ['an agreement, partner side', (w) => `/structure/conventions/${w.agreement}`, [403, 403, 403, 200, 200, 404, 403]],
  ['the pay of its workers (its own)', () => '/structure/paie?mois=2026-11', [403, 403, 403, 200, 200, 200, 403]],
  ['the pay as a spreadsheet (its own)', () => '/structure/paie.csv?mois=2026-11', [403, 403, 403, 200, 200, 200, 403]],
  ['a partner’s agreements, managers’ side', (w) => `/partenaires/${w.partner.id}/conventions`, [200, 200, 200, 403, 403, 403, 403]],
  ['an agreement’s form, managers’ side', (w) => `/partenaires/${w.partner.id}/conventions/${w.agreement}`, [200, 200, 404, 403, 403, 403, 403]],
  ['the workshop’s log', (w) => `/ateliers/${w.workshop.id}/journal`, [200, 200, 404, 200, 200, 404, 404]],
  ['the log line’s fields', (w) => `/ateliers/${w.workshop.id}/journal/champs?type=training`, [404, 404, 404, 200, 200, 404, 404]],
  ['one entry', (w) => `/ateliers/${w.workshop.id}/journal/${w.entry}/ligne`, [200, 200, 404, 200, 200, 404, 404]],
  ['another partner’s entry through this workshop', (w) => `/ateliers/${w.workshop.id}/journal/${w.otherEntry}/ligne`, [404, 404, 404, 404, 404, 404, 404]],
  ['an entry’s edit form', (w) => `/ateliers/${w.workshop.id}/journal/${w.entry}/modifier`, [403, 403, 404, 200, 200, 404, 404]],
  ['an old entry’s correction form', (w) => `/ateliers/${w.workshop.id}/journal/${w.oldEntry}/correction`, [403, 403, 404, 200, 200, 404, 404]],
  ['the establishment’s log', (w) => `/etablissements/${w.mine.id}/journal`, [200, 200, 404, 404, 404, 404, 404]],
  ['the establishment’s log as a spreadsheet', (w) => `/etablissements/${w.mine.id}/journal.csv`, [200, 200, 404, 404, 404, 404, 404]],
  ['the candidates page', (w) => `/ateliers/${w.workshop.id}/candidats?q=Tab`, [403, 403, 403, 200, 200, 404, 404]],
  ['the workshop’s timesheet', (w) => `/ateliers/${w.workshop.id}/pointage?semaine=2026-11-23`, [200, 200, 404, 200, 200, 404, 404]],
  ['a person’s page', (w) => `/personnes/${w.person}`, [200, 200, 404, 403, 403, 403, 403]],
  ['the evaluation reports', () => '/rapports', [200, 200, 200, 403, 403, 403, 200]],
  ['a shared evaluation report', (w) => `/rapports/${w.report}`, [200, 200, 404, 404, 404, 404, 200]],
  ['its PDF', (w) => `/rapports/${w.report}/rapport.pdf`, [200, 200, 404, 404, 404, 404, 200]],
];

const WRITES: Array<[string, (w: World) => string, Statuses]> = [
  ['a log line', (w) => `/ateliers/${w.workshop.id}/journal`, [403, 403, 404, 422, 422, 404, 404]],
  ['an entry’s change', (w) => `/ateliers/${w.workshop.id}/journal/${w.entry}/modifier`, [403, 403, 404, 422, 422, 404, 404]],
  ['an entry’s removal', (w) => `/ateliers/${w.workshop.id}/journal/${w.entry}/suppression`, [403, 403, 404, ok, ok, 404, 404]],
  [
    'another partner’s entry’s removal through this workshop',
    (w) => `/ateliers/${w.workshop.id}/journal/${w.otherEntry}/suppression`,
    [403, 403, 404, 404, 404, 404, 404],
  ],
  ['a correction', (w) => `/ateliers/${w.workshop.id}/journal/${w.oldEntry}/correction`, [403, 403, 404, 422, 422, 404, 404]],
  ['« Semaine complète »', (w) => `/ateliers/${w.workshop.id}/pointage/semaine-complete?semaine=2026-11-23`, [403, 403, 404, ok, ok, 404, 404]],
  ['its withdrawal', (w) => `/ateliers/${w.workshop.id}/pointage/semaine-complete/retrait?semaine=2026-11-23`, [403, 403, 404, ok, ok, 404, 404]],
  ['a proposed candidate', (w) => `/ateliers/${w.workshop.id}/candidats`, [403, 403, 403, 422, 422, 404, 404]],
  ['the organisation’s details (its own)', () => '/structure', [403, 403, 403, 422, 403, 422, 403]],
  ['a new contact (its own)', () => '/structure/contacts', [403, 403, 403, 422, 403, 422, 403]],
  ['a contact’s change', (w) => `/structure/contacts/${w.contact}`, [403, 403, 403, 422, 403, 404, 403]],
  ['a contact’s removal', (w) => `/structure/contacts/${w.contact}/suppression`, [403, 403, 403, ok, 403, 404, 403]],
  ['an invitation (its own)', () => '/structure/equipe/invitations', [403, 403, 403, 422, 403, 422, 403]],
  ['an invitation’s cancellation', (w) => `/structure/equipe/invitations/${w.invitation}/annulation`, [403, 403, 403, ok, 403, 404, 403]],
  ['a colleague’s deactivation', (w) => `/structure/equipe/${w.colleague.id}/desactivation`, [403, 403, 403, ok, 403, 404, 403]],
  ['a new agreement', (w) => `/partenaires/${w.partner.id}/conventions`, [422, 422, 422, 403, 403, 403, 403]],
  ['an agreement’s change', (w) => `/partenaires/${w.partner.id}/conventions/${w.agreement}`, [422, 422, 404, 403, 403, 403, 403]],
  ['an agreement’s removal', (w) => `/partenaires/${w.partner.id}/conventions/${w.agreement}/suppression`, [ok, ok, 404, 403, 403, 403, 403]],
  ['a request for an evaluation report', () => '/rapports', [422, 422, 422, 403, 403, 403, 422]],
  ['a comment on a shared report', (w) => `/rapports/${w.report}/commentaires/synthese`, [422, 422, 404, 404, 404, 404, 403]],
  ['its sharing again', (w) => `/rapports/${w.report}/partage`, [409, 409, 404, 404, 404, 404, 403]],
];

describe('the partners’ space, route by role', () => {
  it.each(READS)('%s', async (_label, path, statuses) => {
    const got: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, who] of WHO.entries()) {
      if (statuses[i] === null) continue;
      got[who] = (await (browsers.get(who) as Browser).get(path(w))).status;
      expected[who] = statuses[i] as number;
    }
    expect(got).toEqual(expected);
  });

  it.each(WRITES)('%s', async (_label, path, statuses) => {
    const got: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [i, who] of WHO.entries()) {
      if (statuses[i] === null) continue;
      got[who] = (await (browsers.get(who) as Browser).post(path(w), {})).status;
      expected[who] = statuses[i] as number;
    }
    expect(got).toEqual(expected);
  });
});
