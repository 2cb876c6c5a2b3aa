import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assignment } from '../../src/assignments/entities.ts';
import { type HoldingPeriod, holdsDuring, holdsOn, holdsOnOrAfter, lastEndBefore, vacantDays, vacantSince } from '../../src/holdings/rules.ts';
import { freeFrom, heldDuring, heldOn, heldOnOrAfter, heldSql, occupancyOn, vacanciesOn } from '../../src/holdings/service.ts';
import { Post } from '../../src/workshops/entities.ts';
import { createTestContext, type TestContext } from '../support/app.ts';
import { createDetainee, createEstablishment, createPost, createWorkshop } from '../support/factories.ts';

/** Periods and days chosen around every boundary: first day, last day, open end, the day before and after. */
const PERIODS: HoldingPeriod[] = [
  { startsOn: '2026-03-02', endedOn: '2026-03-06' },
  { startsOn: '2026-03-02', endedOn: null },
  { startsOn: '2026-03-04', endedOn: '2026-03-04' },
  { startsOn: '2026-02-25', endedOn: '2026-03-01' },
];
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-04', '2026-03-06', '2026-03-07'];
const RANGES: Array<[string, string]> = [
  ['2026-02-01', '2026-03-01'],
  ['2026-03-05', '2026-03-08'],
  ['2026-03-07', '2026-03-31'],
  ['2026-02-26', '2026-02-26'],
];

describe('holding a post, pure rules', () => {
  it.each([
    [{ startsOn: '2026-03-02', endedOn: '2026-03-06' }, '2026-03-01', false],
    [{ startsOn: '2026-03-02', endedOn: '2026-03-06' }, '2026-03-02', true],
    [{ startsOn: '2026-03-02', endedOn: '2026-03-06' }, '2026-03-06', true],
    [{ startsOn: '2026-03-02', endedOn: '2026-03-06' }, '2026-03-07', false],
    [{ startsOn: '2026-03-02', endedOn: null }, '2030-01-01', true],
  ])('%o holds its post on %s: %s (the end day is held)', (period, day, expected) => {
    expect(holdsOn(period, day)).toBe(expected);
  });

  it('holds during a range with no end from its first day on, as it holds on or after that day', () => {
    for (const p of PERIODS) for (const day of DAYS) expect(holdsDuring(p, day, null), `${p.startsOn}…${p.endedOn} ${day}`).toBe(holdsOnOrAfter(p, day));
  });

  it('reads an absent end (an entity’s nullable column) as no end', () => {
    expect(holdsOn({ startsOn: '2026-03-02', endedOn: undefined }, '2030-01-01')).toBe(true);
    expect(holdsDuring({ startsOn: '2026-03-02' }, '2030-01-01', '2030-01-31')).toBe(true);
    expect(vacantDays([{ startsOn: '2026-03-05' }], '2026-01-01', '2026-03-01', '2026-03-31')).toBe(4);
  });

  it('finds the last end before a day, ignoring open periods and ends on or after the day', () => {
    expect(lastEndBefore(PERIODS, '2026-03-01')).toBeNull();
    expect(lastEndBefore(PERIODS, '2026-03-02')).toBe('2026-03-01');
    expect(lastEndBefore(PERIODS, '2026-03-06')).toBe('2026-03-04');
    expect(lastEndBefore(PERIODS, '2026-03-07')).toBe('2026-03-06');
    expect(lastEndBefore([], '2026-03-07')).toBeNull();
  });

  it('dates a vacancy from the day after the last holding, or from the post’s creation', () => {
    const periods = [
      { startsOn: '2026-01-05', endedOn: '2026-01-31' },
      { startsOn: '2026-02-10', endedOn: '2026-02-20' },
    ];
    expect(vacantSince(periods, '2026-01-01', '2026-01-02')).toBe('2026-01-01');
    expect(vacantSince(periods, '2026-01-01', '2026-01-15')).toBeNull();
    expect(vacantSince(periods, '2026-01-01', '2026-02-05')).toBe('2026-02-01');
    expect(vacantSince(periods, '2026-01-01', '2026-03-01')).toBe('2026-02-21');
  });

  it('counts vacant days within a range, from the post’s creation at the earliest', () => {
    const periods = [{ startsOn: '2026-03-05', endedOn: '2026-03-10' }];
    // 1–31 March: 31 days, 6 held (5–10).
    expect(vacantDays(periods, '2026-01-01', '2026-03-01', '2026-03-31')).toBe(25);
    // Created on 20 March: 12 days of existence, none held.
    expect(vacantDays(periods, '2026-03-20', '2026-03-01', '2026-03-31')).toBe(12);
    expect(vacantDays([{ startsOn: '2026-03-01', endedOn: null }], '2026-01-01', '2026-03-01', '2026-03-31')).toBe(0);
  });

  it.each([
    [[], '2026-01-01', 10, 'nobody all month'],
    [[{ startsOn: '2026-11-04', endedOn: null }], '2026-01-01', 3, 'held from the 4th'],
    [[{ startsOn: '2026-10-01', endedOn: '2026-11-05' }], '2026-01-01', 5, 'freed after the 5th'],
    [[], '2026-11-08', 3, 'created on the 8th'],
    [[], '2026-11-11', 0, 'created after the day'],
  ])('vacancy days of the month up to the 10th: %o, post created on %s → %i (%s)', (periods, createdOn, days, _why) => {
    expect(vacantDays(periods, createdOn, '2026-11-01', '2026-11-10')).toBe(days);
  });
});

describe('the SQL and the TypeScript say the same', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  const values = PERIODS.map((p, i) => `(${i}, '${p.startsOn}'::date, ${p.endedOn ? `'${p.endedOn}'::date` : 'null::date'})`).join(', ');

  it('on every day of the table, heldSql answers as holdsOn', async () => {
    for (const day of DAYS) {
      const rows = await t
        .em()
        .getConnection()
        .execute<{ i: number; held: boolean }[]>(`select i, ${heldSql('a')} as held from (values ${values}) as a(i, starts_on, ended_on) order by i`, [
          day,
          day,
        ]);
      expect(
        rows.map((r) => r.held),
        day,
      ).toEqual(PERIODS.map((p) => holdsOn(p, day)));
    }
  });

  it('on every range of the table, heldSql answers as holdsDuring', async () => {
    for (const [from, to] of RANGES) {
      const rows = await t
        .em()
        .getConnection()
        .execute<{ i: number; held: boolean }[]>(`select i, ${heldSql('a')} as held from (values ${values}) as a(i, starts_on, ended_on) order by i`, [
          to,
          from,
        ]);
      expect(
        rows.map((r) => r.held),
        `${from}…${to}`,
      ).toEqual(PERIODS.map((p) => holdsDuring(p, from, to)));
    }
  });

  /**
   * A workshop with a post for each period of the table, one never held (`empty`), and, in a
   * second workshop, one post held over several periods in turn (`multi`); every post created on 10 January.
   */
  async function seed(name: string) {
    const em = t.em();
    const establishment = await createEstablishment(em, { name });
    const workshop = await createWorkshop(em, establishment);
    const other = await createWorkshop(em, establishment);
    const hold = (post: Post, period: HoldingPeriod, key: string, lastName: string) =>
      createDetainee(em, establishment, { prisonNumber: key, lastName, firstName: 'Élise' }).then((person) =>
        em.create(Assignment, {
          establishment,
          detainee: person,
          post,
          contractReference: `CEP-${key}`,
          startsOn: period.startsOn,
          trialEndsOn: period.startsOn,
          weeklyMinutes: 600,
          payCategory: 'production',
          endedOn: period.endedOn ?? null,
          endReason: period.endedOn ? 'end_of_contract' : null,
        }),
      );
    const posts: Post[] = [];
    for (const [i, period] of PERIODS.entries()) {
      const post = await createPost(em, workshop, { code: `POSTE-${i}` });
      posts.push(post);
      await hold(post, period, `H${i}`, `Titulaire${i}`);
    }
    const empty = await createPost(em, workshop, { code: 'POSTE-V' });
    const multi = await createPost(em, other, { code: 'POSTE-M' });
    for (const [i, period] of MULTI.entries()) await hold(multi, period, `M${i}`, `Relève${i}`);
    await em.flush();
    await em.nativeUpdate(Post, { establishment }, { createdAt: new Date('2026-01-10T10:00:00Z') });
    const fresh = async () => {
      const em = t.em();
      return { em, posts: await em.find(Post, { id: { $in: posts.map((p) => p.id) } }, { orderBy: { code: 'asc' } }) };
    };
    return { establishment, workshop, posts, empty, multi, fresh };
  }
  /** Periods of one post, one after another (a post never holds two people at once). */
  const MULTI: HoldingPeriod[] = [
    { startsOn: '2026-02-25', endedOn: '2026-03-01' },
    { startsOn: '2026-03-04', endedOn: '2026-03-04' },
    { startsOn: '2026-03-07', endedOn: null },
  ];
  /** The name `seed` gave the holder of `periods[i]`, as occupancy writes it: « NOM Prénom ». */
  const holderOf = (periods: HoldingPeriod[], lastName: (i: number) => string, day: string) => {
    const i = periods.findIndex((p) => holdsOn(p, day));
    return i < 0 ? null : `${lastName(i).toUpperCase()} Élise`;
  };

  it('the ORM filters select the assignments the rules select, and vacancies date alike', async () => {
    const { establishment, workshop, posts, empty, multi } = await seed('Centre de détention de Caen');
    const code = (a: Assignment) => Number(a.post.code.slice(6));
    const fresh = () => t.em();

    for (const day of DAYS) {
      const held = (await fresh().find(Assignment, { post: { workshop: workshop.id }, ...heldOn(day) }, { populate: ['post'] })).map(code).sort();
      expect(held, day).toEqual(PERIODS.flatMap((p, i) => (holdsOn(p, day) ? [i] : [])));
      const later = (await fresh().find(Assignment, { post: { workshop: workshop.id }, ...heldOnOrAfter(day) }, { populate: ['post'] })).map(code).sort();
      expect(later, day).toEqual(PERIODS.flatMap((p, i) => (holdsOnOrAfter(p, day) ? [i] : [])));
      const open = (await fresh().find(Assignment, { post: { workshop: workshop.id }, ...heldDuring(day, null) }, { populate: ['post'] })).map(code).sort();
      expect(open, `${day}…`).toEqual(PERIODS.flatMap((p, i) => (holdsDuring(p, day, null) ? [i] : [])));

      const vacancies = await vacanciesOn(fresh(), establishment.id, day);
      for (const [i, post] of posts.entries()) {
        expect(vacancies.get(post.id) ?? null, `${post.code} ${day}`).toBe(vacantSince([PERIODS[i] as HoldingPeriod], '2026-01-10', day));
      }
      expect(vacancies.get(empty.id), day).toBe('2026-01-10');
      expect(vacancies.get(multi.id) ?? null, `${multi.code} ${day}`).toBe(vacantSince(MULTI, '2026-01-10', day));
    }
    for (const [from, to] of RANGES) {
      const held = (await fresh().find(Assignment, { post: { workshop: workshop.id }, ...heldDuring(from, to) }, { populate: ['post'] })).map(code).sort();
      expect(held, `${from}…${to}`).toEqual(PERIODS.flatMap((p, i) => (holdsDuring(p, from, to) ? [i] : [])));
    }
  });

  it('occupancy names the holder the rules name and counts the vacant days the rules count', async () => {
    const { posts, empty, multi } = await seed('Centre pénitentiaire de Rennes');
    const all = [...posts, empty, multi];
    for (const day of DAYS) {
      for (const from of ['2026-01-01', '2026-03-01', day]) {
        const em = t.em();
        const fresh = await em.find(Post, { id: { $in: all.map((p) => p.id) } });
        const occupancy = await occupancyOn(em, fresh, from, day);
        for (const [i, post] of posts.entries()) {
          const period = PERIODS[i] as HoldingPeriod;
          expect(occupancy.get(post.id), `${post.code} ${from}…${day}`).toEqual({
            holder: holderOf([period], () => `Titulaire${i}`, day),
            vacantDays: vacantDays([period], '2026-01-10', from, day),
          });
        }
        expect(occupancy.get(empty.id), `${empty.code} ${from}…${day}`).toEqual({ holder: null, vacantDays: vacantDays([], '2026-01-10', from, day) });
        expect(occupancy.get(multi.id), `${multi.code} ${from}…${day}`).toEqual({
          holder: holderOf(MULTI, (i) => `Relève${i}`, day),
          vacantDays: vacantDays(MULTI, '2026-01-10', from, day),
        });
      }
    }
    expect(await occupancyOn(t.em(), [], '2026-03-01', '2026-03-07')).toEqual(new Map());
  });

  it('the free posts from a day are those no period holds on or after it', async () => {
    const { posts, empty, multi } = await seed('Maison d’arrêt de Lille');
    const all = [...posts, empty, multi];
    for (const day of DAYS) {
      const free = (await freeFrom(t.em(), all, day)).map((p) => p.code);
      const expected = [
        ...PERIODS.map((p, i) => [p, posts[i] as Post] as const)
          .filter(([p]) => !holdsOnOrAfter(p, day))
          .map(([, post]) => post.code),
        empty.code,
      ];
      if (!MULTI.some((p) => holdsOnOrAfter(p, day))) expected.push(multi.code);
      expect(free, day).toEqual(expected);
    }
    expect(await freeFrom(t.em(), [], '2026-03-01')).toEqual([]);
  });
});
