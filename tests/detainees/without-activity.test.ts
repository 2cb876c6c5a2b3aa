import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Enrollment } from '../../src/assignments/entities.ts';
import type { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createProgramme, createSession, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let home: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestContext({}, { clock: fixedClock('2026-11-30') });
  home = await createEstablishment(t.em());
  const user = await createUser(t.em(), 'coordinator', { establishments: [home] });
  coordinator = new Browser(t.app);
  await coordinator.login(user.email, TEST_PASSWORD);
});
afterAll(() => t.close());

/** The « Activité » cell of the person's row in the people list, on 30 November 2026. */
async function activityOf(lastName: string): Promise<string> {
  const page = await coordinator.get(`/etablissements/${home.id}/personnes`);
  const row = [...page.doc.querySelectorAll('tr')].find((tr) => tr.textContent?.includes(lastName.toUpperCase()));
  return row?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('« Sans activité »', () => {
  // Arrived 27 Aug 2026; the training session ran to Fri 20 Nov 2026 and the enrolment was never
  // closed. Today 30 Nov: from 21 Nov to 30 Nov is 9 days (not 95, counted from arrival:
  // 27 Aug → 27 Nov is 92 days, + 3 = 95).
  it('counts from the end of the session when the enrolment was never closed: 9 days, not 95', async () => {
    const person = await createDetainee(t.em(), home, { lastName: 'Oubliée', arrivalDate: '2026-08-27' });
    const session = await createSession(t.em(), home, await createProgramme(t.em()), { startsOn: '2026-09-07', endsOn: '2026-11-20' });
    const em = t.em();
    em.create(Enrollment, { establishment: home, detainee: person.id, session: session.id, startsOn: '2026-09-07', status: 'enrolled' } as never);
    await em.flush();
    expect(await activityOf('Oubliée')).toContain('Sans activité depuis 9 jours');
  });

  // Dropped on Wed 18 Nov, in a session that runs to 2099: from 19 to 30 Nov is 11 days.
  it('counts from the drop date of a dropped training: 11 days', async () => {
    const person = await createDetainee(t.em(), home, { lastName: 'Partie', arrivalDate: '2026-08-27' });
    const session = await createSession(t.em(), home, await createProgramme(t.em()), { startsOn: '2026-09-07' });
    const em = t.em();
    em.create(Enrollment, {
      establishment: home,
      detainee: person.id,
      session: session.id,
      startsOn: '2026-09-07',
      status: 'dropped',
      endedOn: '2026-11-18',
      dropReason: 'Motif personnel',
    } as never);
    await em.flush();
    expect(await activityOf('Partie')).toContain('Sans activité depuis 11 jours');
  });

  it('counts from arrival when the person never had any activity: 95 days', async () => {
    await createDetainee(t.em(), home, { lastName: 'Attente', arrivalDate: '2026-08-27' });
    expect(await activityOf('Attente')).toContain('Sans activité depuis 95 jours');
  });
});
