import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formValuesOf } from '../../src/leave/forms.ts';
import { INSERRE_PRESET, LABOUR_CODE_PRESET } from '../../src/leave/policy.ts';
import { describeLeavePolicy, policyVersionsOf } from '../../src/leave/service.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, fieldError, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

/**
 * Leave policies (issue 19 item 1): versions with effective dates, started from a preset,
 * summarised in French, validated field by field, kept to the establishment's coordinators
 * and administrators, audited.
 */

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-15') });
});
afterAll(() => t.close());

async function signedIn(user: { email: string }): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  return browser;
}

async function world() {
  const mine = await createEstablishment(t.em());
  const other = await createEstablishment(t.em());
  const coordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [mine] }));
  return { mine, other, coordinator, url: `/etablissements/${mine.id}/conges` };
}

const count = async (establishmentId: number) => (await policyVersionsOf(t.em(), establishmentId)).length;

describe('leave policies', () => {
  it('start from a preset, take a second version, and read in French newest first', async () => {
    const w = await world();
    const empty = await w.coordinator.get(w.url);
    expect(empty.status).toBe(200);
    expect(empty.doc.querySelector('.atelier-subnav a[href$="/conges"]')).not.toBeNull();
    expect(empty.doc.querySelector('#conges-en-vigueur')?.textContent).toContain('aucune politique');
    expect(empty.doc.querySelector('#conges-modeles')?.textContent).toContain('Modèle code du travail');
    // The labour code's preset by default, InSERRE's when chosen.
    expect(empty.doc.querySelector<HTMLInputElement>('#champ-daysPerMonth')?.value).toBe('2,5');
    const inserre = await w.coordinator.get(`${w.url}?modele=inserre`);
    expect(inserre.doc.querySelector<HTMLInputElement>('#champ-daysPerMonth')?.value).toBe('1');
    expect(inserre.doc.querySelector<HTMLInputElement>('#champ-periodStart')?.value).toBe('01/06');

    const v1 = { ...formValuesOf(INSERRE_PRESET, '2026-06-01'), name: 'InSERRE Arras v1' };
    expect((await w.coordinator.post(w.url, v1)).status).toBe(303);
    const v2 = { ...v1, name: 'InSERRE Arras v2', effectiveFrom: '2026-12-01', yearlyCapDays: '14', carryOverDays: '2,5' };
    expect((await w.coordinator.post(w.url, v2)).status).toBe(303);

    const versions = await policyVersionsOf(t.em(), w.mine.id);
    expect(versions.map((v) => [v.effectiveFrom, v.name, v.yearlyCapDays, v.carryOverDays, v.daysPerMonth, v.monthMinDays, v.payRateBasisPoints])).toEqual([
      ['2026-06-01', 'InSERRE Arras v1', 1200, 500, 100, 10, 10000],
      ['2026-12-01', 'InSERRE Arras v2', 1400, 250, 100, 10, 10000],
    ]);

    const page = await w.coordinator.get(w.url);
    const items = [...page.doc.querySelectorAll('#conges-versions li')].map((li) => li.textContent ?? '');
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('InSERRE Arras v2, à partir du 01/12/2026');
    expect(items[0]).toContain('plafond 14 jours par an, report de 2,5 jours au plus jusqu’au 30 novembre');
    expect(items[1]).toContain(
      '1 jour par mois où au moins 10 jours sont travaillés, arrondi à la demi-journée supérieure, plafond 12 jours par an, report de 5 jours au plus jusqu’au 30 novembre',
    );
    expect(page.doc.querySelector('#conges-en-vigueur')?.textContent).toContain('« InSERRE Arras v2 », depuis le 01/12/2026');
    // The form starts from the version in force; no preset offered any more.
    expect(page.doc.querySelector('#conges-modeles')).toBeNull();
    expect(page.doc.querySelector<HTMLInputElement>('#champ-yearlyCapDays')?.value).toBe('14');
    // The reasons that count as worked, from the establishment's absence reasons.
    const reasons = page.doc.querySelector('#conges-motifs');
    expect(reasons?.textContent).toContain('Maladie (M)');
    expect(reasons?.textContent).toContain('Congé (CP)');
    expect(reasons?.textContent).not.toContain('Rendez-vous médical');
    expect(reasons?.querySelector('a')?.getAttribute('href')).toBe(`/etablissements/${w.mine.id}/motifs-absence`);

    const audit = await t.em().getConnection().execute(`select count(*)::int as n from audit_event where entity = 'leave_policy'`);
    expect(audit[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it('summarise the labour code preset', () => {
    expect(describeLeavePolicy(LABOUR_CODE_PRESET)).toBe(
      '2,5 jours par mois où au moins 20 jours sont travaillés, arrondi au jour supérieur, plafond 30 jours par an, report de tout le solde jusqu’au 31 mai ; ' +
        'période de référence du 1er juin au 31 mai ; congés payés à 100 % du taux horaire moyen du mois précédent ; pas de prise au-delà du solde ; ' +
        'solde payé à la sortie ou au transfert.',
    );
    expect(describeLeavePolicy({ ...LABOUR_CODE_PRESET, basis: 'hours', daysPerBlock: 100, blockMinutes: 80 * 60, carryOverDays: 0, paid: false })).toContain(
      '1 jour par tranche de 80 heures travaillées, arrondi au jour supérieur, plafond 30 jours par an, sans report sur la période suivante ; période de référence du 1er juin au 31 mai ; congés non payés',
    );
  });

  it('refuse bad fields next to each, in French, and store nothing', async () => {
    const w = await world();
    const bad = {
      ...formValuesOf(INSERRE_PRESET, ''),
      name: '',
      daysPerMonth: 'deux',
      periodStart: '30/02',
      yearlyCapDays: '400',
      payRatePercent: '250',
      rounding: 'quart',
    };
    const res = await w.coordinator.post(w.url, bad);
    expect(res.status).toBe(422);
    expect(fieldError(res.doc, 'effectiveFrom')).toBe('Indiquez la date d’effet.');
    expect(fieldError(res.doc, 'name')).toContain('Indiquez le nom de la politique');
    expect(fieldError(res.doc, 'daysPerMonth')).toBe('Indiquez les jours acquis par mois en jours, par exemple 2,5, ou laissez vide.');
    expect(fieldError(res.doc, 'periodStart')).toContain('au format jj/mm');
    expect(fieldError(res.doc, 'yearlyCapDays')).toBe('Au plus 366 jours.');
    expect(fieldError(res.doc, 'payRatePercent')).toBe('Au plus 200 %.');
    expect(fieldError(res.doc, 'rounding')).toBe('Choisissez l’arrondi.');
    expect(await count(w.mine.id)).toBe(0);

    // Both thresholds of a month, or neither: one of the two.
    const both = await w.coordinator.post(w.url, { ...formValuesOf(INSERRE_PRESET, '2026-06-01'), monthMinHours: '70' });
    expect(both.status).toBe(422);
    expect(fieldError(both.doc, 'monthMinDays')).toContain('l’un des deux');
    const hours = await w.coordinator.post(w.url, { ...formValuesOf(INSERRE_PRESET, '2026-06-01'), basis: 'hours' });
    expect(fieldError(hours.doc, 'daysPerBlock')).toContain('Indiquez les jours acquis par tranche');
    expect(fieldError(hours.doc, 'blockHours')).toContain('Indiquez la tranche');
    expect(await count(w.mine.id)).toBe(0);
  });

  it('refuse a second version on the same date, next to the date', async () => {
    const w = await world();
    const v = formValuesOf(LABOUR_CODE_PRESET, '2026-06-01');
    expect((await w.coordinator.post(w.url, v)).status).toBe(303);
    const again = await w.coordinator.post(w.url, { ...v, name: 'Autre' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect(fieldError(again.doc, 'effectiveFrom')).toBe(
      'Une version de la politique de congés commence déjà à cette date : choisissez une autre date d’effet.',
    );
    expect(await count(w.mine.id)).toBe(1);
  });

  it('answer 404 to another establishment’s coordinator and 403 to a partner', async () => {
    const w = await world();
    const v = formValuesOf(LABOUR_CODE_PRESET, '2026-06-01');
    const otherCoordinator = await signedIn(await createUser(t.em(), 'coordinator', { establishments: [w.other] }));
    expect((await otherCoordinator.get(w.url)).status).toBe(404);
    expect((await otherCoordinator.post(w.url, v)).status).toBe(404);
    const partner = await signedIn(await createUser(t.em(), 'partner'));
    expect((await partner.get(w.url)).status).toBe(403);
    expect((await partner.post(w.url, v)).status).toBe(403);
    expect(await count(w.mine.id)).toBe(0);
    const admin = await signedIn(await createUser(t.em(), 'admin'));
    expect((await admin.post(w.url, v)).status).toBe(303);
    expect(await count(w.mine.id)).toBe(1);
  });
});
