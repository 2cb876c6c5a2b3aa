import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCounts, type FiguresFilter, incidentCounts, productionTotals, trainingDelivered } from '../../src/activity/figures.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { Partner } from '../../src/partners/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createWorkshop } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The activity log's figures for the evaluation reports (issue 21 item 7), on a scenario built
 * by hand: two workshops of two partners in one establishment, a third workshop elsewhere, two
 * months (September and October 2026) with entries just outside, every kind, units written
 * « Livres » / « livres », and corrected entries (which never count). The expected totals are
 * worked out by hand below each entry list.
 */
let t: TestContext;
let mine: Establishment;
let elsewhere: Establishment;
let p1: Partner;
let p2: Partner;
let w1: Workshop;
let w2: Workshop;
let w3: Workshop;

type Fields = Partial<{
  quantity: number;
  unit: string;
  customer_kind: string;
  topic: string;
  minutes: number;
  participants: number;
  visitor_kind: string;
  severity: string;
  description: string;
  corrects_id: number;
}>;

async function entry(w: Workshop, partner: Partner, day: string, kind: string, fields: Fields = {}): Promise<number> {
  const row = { establishment_id: w.establishment.id, workshop_id: w.id, partner_id: partner.id, day, kind, ...fields };
  const columns = Object.keys(row);
  return adminClient(t.db.url, async (c) => {
    const res = await c.query<{ id: number }>(
      `insert into activity_entry (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      Object.values(row),
    );
    return res.rows[0]?.id ?? 0;
  });
}

beforeAll(async () => {
  t = await createTestContext();
  const em = t.em();
  mine = await createEstablishment(em);
  elsewhere = await createEstablishment(em);
  p1 = await createPartner(em, { name: 'Les Relieurs solidaires' });
  p2 = await createPartner(em, { name: 'Roue Libre' });
  w1 = await createWorkshop(em, mine, { name: 'Reliure', partner: p1 });
  w2 = await createWorkshop(em, mine, { name: 'Vélos', partner: p2 });
  w3 = await createWorkshop(em, elsewhere, { name: 'Reliure ailleurs', partner: p1 });

  // Production, workshop 1 (partner 1).
  await entry(w1, p1, '2026-08-31', 'production', { quantity: 50, unit: 'livres', customer_kind: 'public' }); // before the period
  await entry(w1, p1, '2026-09-03', 'production', { quantity: 10, unit: 'Livres', customer_kind: 'public' });
  await entry(w1, p1, '2026-09-15', 'production', { quantity: 5.5, unit: ' livres ', customer_kind: 'public' });
  await entry(w1, p1, '2026-09-20', 'production', { quantity: 3, unit: 'livres', customer_kind: 'company' });
  const wrong = await entry(w1, p1, '2026-09-10', 'production', { quantity: 100, unit: 'livres', customer_kind: 'public' });
  await entry(w1, p1, '2026-09-10', 'production', { quantity: 12, unit: 'LIVRES', customer_kind: 'public', corrects_id: wrong });
  await entry(w1, p1, '2026-10-05', 'production', { quantity: 2, unit: 'Cartons', customer_kind: 'internal' });
  await entry(w1, p1, '2026-11-01', 'production', { quantity: 9, unit: 'livres', customer_kind: 'public' }); // after the period
  // Production, workshop 2 (partner 2), and the other establishment's workshop.
  await entry(w2, p2, '2026-10-12', 'production', { quantity: 4, unit: 'vélos', customer_kind: 'individual' });
  await entry(w3, p1, '2026-09-03', 'production', { quantity: 1000, unit: 'livres', customer_kind: 'public' });
  // By hand: w1 2026-09 livres company 3 (1 entry); w1 2026-09 livres public 10 + 5,5 + 12 = 27,5 (3 entries, the 100 corrected);
  // w1 2026-10 cartons internal 2 (1); w2 2026-10 vélos individual 4 (1); w3 2026-09 livres public 1000 (1).

  // Training delivered.
  await entry(w1, p1, '2026-09-08', 'training', { topic: 'Gestes et postures', minutes: 180, participants: 6 });
  await entry(w1, p1, '2026-09-29', 'training', { topic: 'Couture', minutes: 90, participants: 4 });
  await entry(w1, p1, '2026-10-06', 'training', { topic: 'Massicot', minutes: 60, participants: 5 });
  const training = await entry(w2, p2, '2026-10-20', 'training', { topic: 'Freins', minutes: 120, participants: 3 });
  await entry(w2, p2, '2026-10-20', 'training', { topic: 'Freins', minutes: 150, participants: 3, corrects_id: training });
  await entry(w3, p1, '2026-09-08', 'training', { topic: 'Ailleurs', minutes: 600, participants: 20 });
  // By hand: w1 09: 180 + 90 = 270 min, 2 sessions, 6 + 4 = 10; w1 10: 60, 1, 5; w2 10: 150, 1, 3 (the 120 corrected); w3 09: 600, 1, 20.

  // Events and visits.
  await entry(w1, p1, '2026-09-17', 'event', { visitor_kind: 'employer' });
  await entry(w1, p1, '2026-10-14', 'event', { visitor_kind: 'employer' });
  await entry(w1, p1, '2026-10-15', 'event', { visitor_kind: 'family', description: 'Journée des familles' });
  await entry(w2, p2, '2026-09-25', 'event', { visitor_kind: 'official' });
  const visit = await entry(w2, p2, '2026-09-26', 'event', { visitor_kind: 'funder' });
  await entry(w2, p2, '2026-09-26', 'event', { visitor_kind: 'official', corrects_id: visit });
  // By hand: w1 09 employer 1; w1 10 employer 1, family 1; w2 09 official 2 (the funder corrected into an official).

  // Incidents.
  await entry(w1, p1, '2026-09-11', 'incident', { severity: 'minor', description: 'Coupure légère' });
  await entry(w1, p1, '2026-09-12', 'incident', { severity: 'minor', description: 'Chute d’une pile' });
  await entry(w1, p1, '2026-10-02', 'incident', { severity: 'serious', description: 'Altercation' });
  await entry(w2, p2, '2026-10-09', 'incident', { severity: 'moderate', description: 'Outil cassé' });
  await entry(w3, p1, '2026-09-09', 'incident', { severity: 'serious', description: 'Ailleurs' });
  // By hand: w1 09 minor 2; w1 10 serious 1; w2 10 moderate 1; w3 09 serious 1.

  // Meetings and other entries count in none of the figures.
  await entry(w1, p1, '2026-09-01', 'meeting', { topic: 'Point mensuel' });
  await entry(w1, p1, '2026-09-02', 'other', { description: 'Inventaire' });
});
afterAll(() => t.close());

const period = { from: '2026-09-01', to: '2026-10-31' };

describe('the report figures', () => {
  it('sums production by workshop, month, unit written any way and customer kind; a corrected entry never counts', async () => {
    const f: FiguresFilter = { establishmentIds: [mine.id], ...period };
    expect(await productionTotals(t.em(), f)).toEqual([
      { workshopId: w1.id, month: '2026-09', unit: 'livres', customerKind: 'company', quantity: 3, entries: 1 },
      { workshopId: w1.id, month: '2026-09', unit: 'livres', customerKind: 'public', quantity: 27.5, entries: 3 },
      { workshopId: w1.id, month: '2026-10', unit: 'cartons', customerKind: 'internal', quantity: 2, entries: 1 },
      { workshopId: w2.id, month: '2026-10', unit: 'vélos', customerKind: 'individual', quantity: 4, entries: 1 },
    ]);
  });

  it('counts training delivered in minutes, sessions and participants', async () => {
    expect(await trainingDelivered(t.em(), { establishmentIds: [mine.id], ...period })).toEqual([
      { workshopId: w1.id, month: '2026-09', minutes: 270, sessions: 2, participants: 10 },
      { workshopId: w1.id, month: '2026-10', minutes: 60, sessions: 1, participants: 5 },
      { workshopId: w2.id, month: '2026-10', minutes: 150, sessions: 1, participants: 3 },
    ]);
  });

  it('counts events by visitor kind and incidents by severity', async () => {
    const f: FiguresFilter = { establishmentIds: [mine.id], ...period };
    expect(await eventCounts(t.em(), f)).toEqual([
      { workshopId: w1.id, month: '2026-09', visitorKind: 'employer', count: 1 },
      { workshopId: w1.id, month: '2026-10', visitorKind: 'employer', count: 1 },
      { workshopId: w1.id, month: '2026-10', visitorKind: 'family', count: 1 },
      { workshopId: w2.id, month: '2026-09', visitorKind: 'official', count: 2 },
    ]);
    expect(await incidentCounts(t.em(), f)).toEqual([
      { workshopId: w1.id, month: '2026-09', severity: 'minor', count: 2 },
      { workshopId: w1.id, month: '2026-10', severity: 'serious', count: 1 },
      { workshopId: w2.id, month: '2026-10', severity: 'moderate', count: 1 },
    ]);
  });

  it('restricts to a partner, to workshops, to a shorter period, or to every establishment', async () => {
    expect(await incidentCounts(t.em(), { establishmentIds: [mine.id], partnerId: p2.id, ...period })).toEqual([
      { workshopId: w2.id, month: '2026-10', severity: 'moderate', count: 1 },
    ]);
    // Partner 1 in every establishment: its workshop elsewhere counts too.
    expect(await incidentCounts(t.em(), { establishmentIds: null, partnerId: p1.id, ...period })).toEqual([
      { workshopId: w1.id, month: '2026-09', severity: 'minor', count: 2 },
      { workshopId: w1.id, month: '2026-10', severity: 'serious', count: 1 },
      { workshopId: w3.id, month: '2026-09', severity: 'serious', count: 1 },
    ]);
    expect(await productionTotals(t.em(), { establishmentIds: null, workshopIds: [w1.id, w3.id], from: '2026-09-01', to: '2026-09-30' })).toEqual([
      { workshopId: w1.id, month: '2026-09', unit: 'livres', customerKind: 'company', quantity: 3, entries: 1 },
      { workshopId: w1.id, month: '2026-09', unit: 'livres', customerKind: 'public', quantity: 27.5, entries: 3 },
      { workshopId: w3.id, month: '2026-09', unit: 'livres', customerKind: 'public', quantity: 1000, entries: 1 },
    ]);
    // The period's bounds are inclusive: 31 August to 1 November takes the entries on those days.
    const wide = await productionTotals(t.em(), { establishmentIds: [mine.id], workshopIds: [w1.id], from: '2026-08-31', to: '2026-11-01' });
    expect(wide.map((r) => [r.month, r.unit, r.quantity])).toEqual([
      ['2026-08', 'livres', 50],
      ['2026-09', 'livres', 3],
      ['2026-09', 'livres', 27.5],
      ['2026-10', 'cartons', 2],
      ['2026-11', 'livres', 9],
    ]);
    expect(await trainingDelivered(t.em(), { establishmentIds: [], ...period })).toEqual([]);
  });

  it('takes one query per family, whatever the number of entries', async () => {
    t.db.queries.length = 0;
    await productionTotals(t.em(), { establishmentIds: [mine.id], ...period });
    expect(t.db.queries.length).toBe(1);
  });
});
