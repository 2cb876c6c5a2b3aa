import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { productionTotals } from '../../src/activity/figures.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import type { IndicatorValue } from '../../src/indicators/definition.ts';
import { partnersFamily } from '../../src/indicators/partners.ts';
import type { Partner } from '../../src/partners/entities.ts';
import type { Workshop } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createPartner, createWorkshop } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

/**
 * The partners' activity indicators on a scenario built by hand: two workshops of two partners
 * in one establishment, a third workshop elsewhere, October 2026 with entries just outside it,
 * units written « Livres » / « livres », and corrected entries (which never count).
 */
let t: TestContext;
let mine: Establishment;
let elsewhere: Establishment;
let p1: Partner;
let p2: Partner;
let w1: Workshop;
let w2: Workshop;
let w3: Workshop;

async function entry(w: Workshop, partner: Partner, day: string, kind: string, fields: Record<string, unknown> = {}): Promise<number> {
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

const october = { from: '2026-10-01', to: '2026-10-31' };
const byKey = (rows: IndicatorValue[]) => new Map(rows.map((v) => [v.key, v]));

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

  await entry(w1, p1, '2026-09-30', 'production', { quantity: 50, unit: 'livres', customer_kind: 'public' }); // the day before
  await entry(w1, p1, '2026-10-01', 'production', { quantity: 10, unit: 'Livres', customer_kind: 'public' });
  await entry(w1, p1, '2026-10-15', 'production', { quantity: 5.5, unit: ' livres ', customer_kind: 'public' });
  await entry(w1, p1, '2026-10-20', 'production', { quantity: 3, unit: 'livres', customer_kind: 'company' });
  const wrong = await entry(w1, p1, '2026-10-10', 'production', { quantity: 100, unit: 'livres', customer_kind: 'public' });
  await entry(w1, p1, '2026-10-10', 'production', { quantity: 12, unit: 'LIVRES', customer_kind: 'public', corrects_id: wrong });
  await entry(w1, p1, '2026-10-31', 'production', { quantity: 2, unit: 'Cartons', customer_kind: 'internal' }); // the last day
  await entry(w1, p1, '2026-11-01', 'production', { quantity: 9, unit: 'livres', customer_kind: 'public' }); // the day after
  await entry(w2, p2, '2026-10-12', 'production', { quantity: 4, unit: 'vélos', customer_kind: 'individual' });
  await entry(w3, p1, '2026-10-03', 'production', { quantity: 1000, unit: 'livres', customer_kind: 'public' }); // elsewhere
  // By hand (mine, October): livres public 10 + 5,5 + 12 = 27,5 (the 100 corrected); livres company 3 → livres 30,5;
  // cartons internal 2; vélos individual 4. Entries: 3 + 1 + 1 + 1 = 6.

  await entry(w1, p1, '2026-10-08', 'training', { topic: 'Gestes et postures', minutes: 180, participants: 6 });
  await entry(w1, p1, '2026-10-29', 'training', { topic: 'Couture', minutes: 90, participants: 4 });
  const training = await entry(w2, p2, '2026-10-20', 'training', { topic: 'Freins', minutes: 120, participants: 3 });
  await entry(w2, p2, '2026-10-20', 'training', { topic: 'Freins', minutes: 150, participants: 3, corrects_id: training });
  await entry(w3, p1, '2026-10-08', 'training', { topic: 'Ailleurs', minutes: 600, participants: 20 });
  // By hand (mine): 180 + 90 + 150 = 420 min in 3 sessions, 6 + 4 + 3 = 13 participants (the 120 corrected).

  await entry(w1, p1, '2026-10-14', 'event', { visitor_kind: 'employer' });
  await entry(w1, p1, '2026-10-15', 'event', { visitor_kind: 'family' });
  await entry(w2, p2, '2026-10-25', 'event', { visitor_kind: 'employer' });
  const visit = await entry(w2, p2, '2026-10-26', 'event', { visitor_kind: 'funder' });
  await entry(w2, p2, '2026-10-26', 'event', { visitor_kind: 'official', corrects_id: visit });
  // By hand: employer 2, family 1, official 1 (the funder corrected) = 4.

  await entry(w1, p1, '2026-10-11', 'incident', { severity: 'minor', description: 'Coupure légère' });
  await entry(w1, p1, '2026-10-12', 'incident', { severity: 'minor', description: 'Chute d’une pile' });
  await entry(w2, p2, '2026-10-09', 'incident', { severity: 'serious', description: 'Altercation' });
  await entry(w3, p1, '2026-10-09', 'incident', { severity: 'serious', description: 'Ailleurs' });
  // By hand (mine): minor 2, serious 1 = 3.
  await entry(w1, p1, '2026-10-02', 'meeting', { topic: 'Point mensuel' }); // counts nowhere
});
afterAll(() => t.close());

describe('partners indicators', () => {
  it('sums the establishment’s log over October, by unit, customer kind, visitor kind and severity', async () => {
    const got = byKey(await partnersFamily.compute(t.em(), { establishmentIds: [mine.id] }, october));
    expect(got.get('partners.production_entries')?.value).toBe(6);
    expect(got.get('partners.production_by_unit')).toEqual({
      key: 'partners.production_by_unit',
      value: 3,
      breakdown: [
        { key: 'cartons', label: 'cartons', value: 2 },
        { key: 'livres', label: 'livres', value: 30.5 },
        { key: 'vélos', label: 'vélos', value: 4 },
      ],
    });
    expect(got.get('partners.production_by_customer')?.breakdown).toEqual([
      { key: 'cartons|internal', label: 'cartons — Interne à l’établissement', value: 2 },
      { key: 'livres|public', label: 'livres — Organisme public', value: 27.5 },
      { key: 'livres|company', label: 'livres — Entreprise', value: 3 },
      { key: 'vélos|individual', label: 'vélos — Particulier', value: 4 },
    ]);
    expect(got.get('partners.training_minutes')?.value).toBe(420);
    expect(got.get('partners.training_sessions')?.value).toBe(3);
    expect(got.get('partners.training_participants')?.value).toBe(13);
    expect(got.get('partners.events')).toMatchObject({
      value: 4,
      breakdown: [
        { key: 'employer', label: 'Employeur ou recruteur', value: 2 },
        { key: 'official', label: 'Officiel ou élu', value: 1 },
        { key: 'family', label: 'Journée des familles', value: 1 },
      ],
    });
    expect(got.get('partners.incidents')).toMatchObject({
      value: 3,
      breakdown: [
        { key: 'minor', label: 'Mineur', value: 2 },
        { key: 'serious', label: 'Grave', value: 1 },
      ],
    });
  });

  it('narrows to a workshop or a partner, and gives the same totals as the log’s figures', async () => {
    const w2only = byKey(await partnersFamily.compute(t.em(), { establishmentIds: [mine.id], workshopIds: [w2.id] }, october));
    expect(w2only.get('partners.production_entries')?.value).toBe(1); // the 4 vélos
    expect(w2only.get('partners.training_minutes')?.value).toBe(150);
    expect(w2only.get('partners.incidents')?.value).toBe(1);
    // Partner 1 in both establishments: livres 30,5 + 1000 = 1030,5; cartons 2.
    const p1both = byKey(await partnersFamily.compute(t.em(), { establishmentIds: [mine.id, elsewhere.id], partnerId: p1.id }, october));
    expect(p1both.get('partners.production_by_unit')?.breakdown).toEqual([
      { key: 'cartons', label: 'cartons', value: 2 },
      { key: 'livres', label: 'livres', value: 1030.5 },
    ]);
    const figures = await productionTotals(t.em(), { establishmentIds: [mine.id, elsewhere.id], partnerId: p1.id, ...october });
    expect(p1both.get('partners.production_entries')?.value).toBe(figures.reduce((n, r) => n + r.entries, 0));
  });

  it('counts nothing on the period’s edges outside it', async () => {
    const firstDay = byKey(await partnersFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-10-01', to: '2026-10-01' }));
    expect(firstDay.get('partners.production_by_unit')?.breakdown).toEqual([{ key: 'livres', label: 'livres', value: 10 }]); // not the 50 of 30 Sept
    const lastDay = byKey(await partnersFamily.compute(t.em(), { establishmentIds: [mine.id] }, { from: '2026-10-31', to: '2026-10-31' }));
    expect(lastDay.get('partners.production_by_unit')?.breakdown).toEqual([{ key: 'cartons', label: 'cartons', value: 2 }]); // not the 9 of 1 Nov
  });

  it('costs four queries a period (one per kind of entry), and declares every value it computes', async () => {
    const em = t.em();
    const spy = vi.spyOn(em.getConnection(), 'execute');
    const got = await partnersFamily.compute(em, { establishmentIds: [mine.id] }, october);
    await partnersFamily.compute(em, { establishmentIds: [mine.id] }, { from: '2026-09-01', to: '2026-09-30' });
    expect(spy).toHaveBeenCalledTimes(8);
    spy.mockRestore();
    expect(got.map((v) => v.key)).toEqual(partnersFamily.definitions.map((d) => d.key));
    for (const d of partnersFamily.definitions) expect(d.formula.length + d.scopeRule.length).toBeGreaterThan(100);
  });
});
