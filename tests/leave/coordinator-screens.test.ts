import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeavePolicy } from '../../src/leave/entities.ts';
import { INSERRE_PRESET } from '../../src/leave/policy.ts';
import { leaveRequestInput, requestLeave } from '../../src/leave/requests.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Scope } from '../../src/platform/scope.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPartner, createPost, createUser, createWorkshop, TEST_PASSWORD } from '../support/factories.ts';

/**
 * The coordinator's leave screens (issue 19, item 5): the requests waiting on the home, and the
 * queue and the balances under the establishment's one menu. "Today" is 1 December 2026; the
 * policy allows an advance, so that requests need no validated time here.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-12-01') });
});
afterAll(() => t.close());

const leave = leaveRequestInput;

let n = 0;
/** An establishment with a policy, a workshop and `names.length` people holding its posts from 1 October. */
async function establishment(names: Array<[string, string]>) {
  n++;
  const em = t.em();
  const mine = await createEstablishment(em);
  const partner = await createPartner(em);
  const workshop = await createWorkshop(em, mine, { name: 'Reliure', partner });
  const user = await createUser(em, 'coordinator', { establishments: [mine] });
  const browser = new Browser(t.app);
  await browser.login(user.email, TEST_PASSWORD);
  const fork = t.em();
  fork.create(LeavePolicy, { ...INSERRE_PRESET, allowAdvance: true, name: 'InSERRE test', establishment: mine.id, effectiveFrom: '2026-01-01' });
  await fork.flush();
  const people = [];
  for (const [i, [lastName, firstName]] of names.entries()) {
    const post = await createPost(t.em(), workshop, { code: `H${n}-REL-0${i}` });
    const detainee = await createDetainee(t.em(), mine, { prisonNumber: `H${n}X${i}`, lastName, firstName, arrivalDate: '2026-09-01' });
    const made = await browser.post(`/personnes/${detainee.id}/affectations`, {
      postId: String(post.id),
      contractReference: `CEP-H${n}-${i}`,
      startsOn: '2026-10-01',
      weeklyHours: '35',
    });
    expect(made.status).toBeLessThan(400);
    people.push(detainee);
  }
  const coordinator = new Scope(user.id, 'coordinator', [mine.id], null);
  const partnerUser = await createUser(t.em(), 'partner', { partner });
  return { mine, workshop, user, browser, coordinator, people, partnerUser, partnerScope: new Scope(partnerUser.id, 'partner', [], partner.id) };
}

describe('the coordinator’s home', () => {
  it('says how many leave requests wait in each establishment, the oldest asked first (who, when, how many days, asked by whom), with the queue', async () => {
    const e = await establishment([
      ['Lambert', 'Sofiane'],
      ['Durand', 'Léa'],
      ['Petit', 'Marc'],
      ['Roux', 'Inès'],
    ]);
    const [lambert, durand, petit, roux] = e.people;
    // Asked in this order: the home lists the three asked first, whatever their dates.
    await requestLeave(t.em(), e.partnerScope, Number(lambert?.id), leave('2026-12-21', '2026-12-22', { endsMorning: true }));
    await requestLeave(t.em(), e.coordinator, Number(durand?.id), leave('2026-12-07', '2026-12-07'));
    await requestLeave(t.em(), e.coordinator, Number(petit?.id), leave('2026-12-14', '2026-12-18'));
    await requestLeave(t.em(), e.coordinator, Number(roux?.id), leave('2026-12-08', '2026-12-08'));
    const home = await e.browser.get('/');
    const block = home.doc.querySelector(`#conges-${e.mine.id}`);
    expect(block?.querySelector('h3')?.textContent).toBe('4 demandes de congé en attente');
    expect(block?.querySelector('h3 a')?.getAttribute('href')).toBe(`/etablissements/${e.mine.id}/conges/demandes`);
    expect([...(block?.querySelectorAll('li') ?? [])].map((li) => li.textContent)).toEqual([
      `LAMBERT Sofiane : du 21/12/2026 au 22/12/2026 (matin) (1,5 j), demandée par ${e.partnerUser.displayName}`,
      `DURAND Léa : le 07/12/2026 (1 j), demandée par ${e.user.displayName}`,
      `PETIT Marc : du 14/12/2026 au 18/12/2026 (5 j), demandée par ${e.user.displayName}`,
      'Une autre demande : voir toutes les demandes',
    ]);
  });

  it('shows nothing about leave when no request waits, and nothing of another establishment', async () => {
    const quiet = await establishment([['Martin', 'Paul']]);
    const busy = await establishment([['Bernard', 'Zoé']]);
    await requestLeave(t.em(), busy.coordinator, Number(busy.people[0]?.id), leave('2026-12-07', '2026-12-07'));
    const home = await quiet.browser.get('/');
    expect(home.status).toBe(200);
    expect(home.doc.querySelector(`#a-faire-${quiet.mine.id}`)).not.toBeNull();
    expect(home.doc.querySelector(`#conges-${quiet.mine.id}`)).toBeNull();
    expect(home.doc.querySelector(`#conges-${busy.mine.id}`)).toBeNull();
    expect(home.html).not.toContain('demande de congé en attente');
    expect(home.html).not.toContain('BERNARD');
  });
});

describe('the queue and the balances', () => {
  it('sit under the establishment’s one menu, and the queue writes names as the rest of the app does', async () => {
    const e = await establishment([['Lambert', 'Sofiane']]);
    await requestLeave(t.em(), e.coordinator, Number(e.people[0]?.id), leave('2026-12-07', '2026-12-07'));
    const overview = await e.browser.get(`/etablissements/${e.mine.id}`);
    const links = [...overview.doc.querySelectorAll('#menu-etablissement a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['Demandes de congé', `/etablissements/${e.mine.id}/conges/demandes`],
        ['Soldes de congés', `/etablissements/${e.mine.id}/conges/soldes`],
      ]),
    );
    for (const [path, current] of [
      ['conges/demandes', 'Demandes de congé'],
      ['conges/soldes', 'Soldes de congés'],
      ['conges', 'Règles de congés'],
    ]) {
      const page = await e.browser.get(`/etablissements/${e.mine.id}/${path}`);
      expect(page.status, path).toBe(200);
      expect(page.doc.querySelector('#menu-etablissement a[aria-current="page"]')?.textContent, path).toBe(current);
    }
    const queue = await e.browser.get(`/etablissements/${e.mine.id}/conges/demandes`);
    expect(queue.doc.querySelector('#conges-file tbody tr td a')?.textContent).toBe('LAMBERT Sofiane');
    const workshop = await e.browser.get(`/ateliers/${e.workshop.id}`);
    expect(workshop.doc.querySelector(`a[href="/ateliers/${e.workshop.id}/conges"]`)).not.toBeNull();
  });
});
