import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/entities.ts';
import { toDay } from '../../src/platform/calendar.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';
import { adminClient } from '../support/pg.ts';

let t: TestContext;
let admin: Browser;

beforeAll(async () => {
  t = await createTestContext();
  await createUser(t.em(), 'admin', { email: 'admin@exemple.fr', displayName: 'Alice Admin' });
  admin = new Browser(t.app);
  await admin.login('admin@exemple.fr', TEST_PASSWORD);
});
afterAll(() => t.close());

describe('the audit table', () => {
  it.each([
    ['UPDATE', "update audit_event set action = 'falsified'"],
    ['DELETE', 'delete from audit_event'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('refuses %s, even to the database owner', async (op, sql) => {
    await createEstablishment(t.em());
    const before = await t.em().count(AuditEvent, {});
    await expect(adminClient(t.db.url, (c) => c.query(sql))).rejects.toThrow(new RegExp(`audit_event is append-only\\): ${op} refusé`));
    expect(await t.em().count(AuditEvent, {})).toBe(before);
    expect(await t.em().count(AuditEvent, { action: 'falsified' })).toBe(0);
  });

  it('records changes made outside the app too, with no author', async () => {
    const e = await createEstablishment(t.em(), { name: 'Modifié par un script' });
    await adminClient(t.db.url, (c) => c.query('update establishment set capacity = 77 where id = $1', [e.id]));
    const events = await t.em().find(AuditEvent, { entity: 'establishment', entityId: String(e.id), action: 'update' });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBeNull();
    expect(events[0]?.after).toMatchObject({ capacity: 77 });
  });
});

describe('the audit page', () => {
  it('lists events newest first with author, action and the fields changed, filtered by object and action', async () => {
    await admin.post('/etablissements', { name: 'Centre audité', kind: 'centre_detention', city: 'Val-de-Reuil', capacity: '500' });
    const page = await admin.get('/admin/journal?objet=establishment&action=create');
    expect(page.status).toBe(200);
    const first = page.doc.querySelector('#journal tbody tr');
    expect(first?.textContent).toContain('Alice Admin');
    expect(first?.textContent).toContain('Création');
    expect(first?.textContent).toContain('Centre audité');
    const actions = [...page.doc.querySelectorAll('#journal tbody tr td:nth-child(3)')].map((td) => td.textContent);
    expect(new Set(actions)).toEqual(new Set(['Création']));
    const none = await admin.get('/admin/journal?objet=partner');
    expect(none.html).toContain('Aucun événement ne correspond à ces filtres.');
  });

  it('filters by date range', async () => {
    const future = await admin.get('/admin/journal?du=2999-01-01');
    expect(future.doc.querySelectorAll('#journal tbody tr')).toHaveLength(0);
    const today = toDay(new Date());
    const recent = await admin.get(`/admin/journal?du=2000-01-01&au=${today}`);
    expect(recent.doc.querySelectorAll('#journal tbody tr').length).toBeGreaterThan(0);
  });

  it('is for administrators only', async () => {
    const user = await createUser(t.em(), 'committee');
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    expect((await b.get('/admin/journal')).status).toBe(403);
  });
});
