import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Establishment } from '../../src/establishments/entities.ts';
import { fixedClock } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;
let establishment: Establishment;
let coordinator: Browser;

beforeAll(async () => {
  // 23:30 UTC on 30 November is already 1 December in Paris.
  t = await createTestContext({}, { clock: fixedClock(new Date('2026-11-30T23:30:00Z')) });
  establishment = await createEstablishment(t.em(), { name: 'InSERRE de Caen' });
  await createUser(t.em(), 'coordinator', { email: 'coord@exemple.fr', establishments: [establishment] });
  coordinator = new Browser(t.app);
  await coordinator.login('coord@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('the request clock', () => {
  it('gives handlers the day in Paris, not in UTC', async () => {
    const form = await coordinator.get(`/etablissements/${establishment.id}/personnes/nouvelle`);
    expect(form.doc.querySelector<HTMLInputElement>('input[name="arrivalDate"]')?.getAttribute('value')).toBe('2026-12-01');
  });
});
