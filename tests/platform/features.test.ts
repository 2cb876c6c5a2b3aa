import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSTRAINTS, FEATURES, NAVIGATION, navigationFor } from '../../src/features.ts';
import { auditedTablesOf, constraintsOf } from '../../src/platform/feature.ts';
import { createTestContext, type TestContext } from '../support/app.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

async function rows<T>(sql: string): Promise<T[]> {
  return t.em().getConnection().execute<T[]>(sql);
}

describe('the features, as declared in their folders', () => {
  it.each([
    [
      'admin',
      ['Accueil', 'Établissements', 'Partenaires', 'Formations', 'SMIC et planchers', 'Comités', 'Indicateurs', 'Rapports', 'Utilisateurs', 'Journal d’audit'],
    ],
    ['coordinator', ['Accueil', 'Mes établissements', 'Partenaires', 'Formations', 'Comités', 'Indicateurs', 'Rapports']],
    ['partner', ['Accueil', 'Ma structure', 'Rémunérations', 'Comités', 'Indicateurs']],
    ['committee', ['Accueil', 'Comités', 'Indicateurs', 'Rapports']],
  ] as const)('give the %s menu its entries in order', (role, labels) => {
    expect(navigationFor(role).map((item) => item.label)).toEqual(labels);
  });

  it('give an establishment its sections in order', () => {
    expect(NAVIGATION.establishmentSections.map((s) => s.path)).toEqual([
      '',
      'tableau',
      'sans-activite',
      'personnes',
      'ateliers',
      'postes',
      'pointage',
      'sessions',
      'paie',
      'motifs-absence',
      'temps-de-travail',
      'conges',
      'conges/demandes',
      'conges/soldes',
      'journal',
    ]);
  });

  it('name every table the database audits, with columns it has', async () => {
    const tables = auditedTablesOf(FEATURES);
    const audited = await rows<{ table: string }>(
      `select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where p.proname = 'audit_row_change' and not t.tgisinternal order by 1`,
    );
    expect(Object.keys(tables).sort()).toEqual(audited.map((r) => r.table));
    const columns = await rows<{ table: string; column: string }>(
      `select table_name as table, column_name as column from information_schema.columns where table_schema = 'public'`,
    );
    for (const [table, { columns: named }] of Object.entries(tables)) {
      const existing = columns.filter((c) => c.table === table).map((c) => c.column);
      expect(existing, table).toEqual(expect.arrayContaining(Object.keys(named)));
    }
  });

  it('explain only guards the database has', async () => {
    const guards = await rows<{ name: string }>('select conname as name from pg_constraint union select indexname from pg_indexes');
    expect(guards.map((g) => g.name)).toEqual(expect.arrayContaining(Object.keys(CONSTRAINTS)));
  });

  it('refuse a table or a constraint that two features both declare', () => {
    const twice = [
      { name: 'one', audited: { post: { label: 'Poste', columns: {} } }, constraints: { post_code: { message: 'Déjà pris.' } } },
      { name: 'two', audited: { post: { label: 'Poste', columns: {} } }, constraints: { post_code: { message: 'Déjà pris.' } } },
    ];
    expect(() => auditedTablesOf(twice)).toThrow(/post.*one and two/);
    expect(() => constraintsOf(twice)).toThrow(/post_code.*one and two/);
  });
});
