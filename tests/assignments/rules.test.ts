import { describe, expect, it } from 'vitest';
import {
  assignmentState,
  daysWithoutActivity,
  enrollmentActivityEnd,
  peakWeeklyMinutes,
  trialEndDate,
  weeklyLimitProblem,
} from '../../src/assignments/rules.ts';
import { hasReleasePriority, orderWaitingList, type WaitingEntry } from '../../src/candidacies/rules.ts';

describe('trial period', () => {
  it.each([
    ['2026-01-15', null, '2026-02-14', 'no end date: one month'],
    ['2026-01-01', '2026-03-31', '2026-01-12', '3 months = 12 full weeks: 12 days'],
    ['2026-01-01', '2026-06-30', '2026-01-14', '6 months: 25 weeks, capped at two weeks'],
    ['2026-01-01', '2026-07-01', '2026-01-26', 'just over 6 months: 26 weeks, 26 days, under the one-month cap'],
    ['2026-01-01', '2026-12-31', '2026-01-31', 'one year: one month'],
    ['2026-01-01', '2026-01-10', '2026-01-01', '10 days = 1 full week: 1 day'],
    ['2026-01-01', '2026-01-14', '2026-01-02', 'exactly 2 weeks: 2 days'],
    ['2026-01-01', '2026-01-05', '2025-12-31', 'under a week: no trial (the eve of the start)'],
    ['2026-02-01', null, '2026-02-28', 'one calendar month from 1 February'],
  ])('from %s to %s: trial ends %s (%s)', (from, to, expected, _why) => {
    expect(trialEndDate(from, to)).toBe(expected);
  });
});

describe('weekly hours across posts', () => {
  it.each([
    [0, 2100, null],
    [1050, 1050, null],
    [1200, 1200, /40 h par semaine/],
    [2100, 600, /45 h par semaine/],
    [1050, 1080, /35 h 30 par semaine/],
  ])('%i + %i minutes: %s', (other, added, problem) => {
    const found = weeklyLimitProblem(other, added);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('peak weekly load', () => {
  it('adds only what runs at the same time', () => {
    const others = [
      { startsOn: '2026-02-01', endedOn: '2026-03-31', weeklyMinutes: 1200 },
      { startsOn: '2026-04-01', endedOn: null, weeklyMinutes: 1200 },
    ];
    expect(peakWeeklyMinutes(others, { startsOn: '2026-03-01', endedOn: null, weeklyMinutes: 600 })).toBe(1800);
    expect(peakWeeklyMinutes(others, { startsOn: '2026-05-01', endedOn: null, weeklyMinutes: 600 })).toBe(1800);
    expect(peakWeeklyMinutes(others, { startsOn: '2026-01-01', endedOn: '2026-01-31', weeklyMinutes: 600 })).toBe(600);
    expect(
      peakWeeklyMinutes([...others, { startsOn: '2026-03-15', endedOn: null, weeklyMinutes: 600 }], {
        startsOn: '2026-03-01',
        endedOn: null,
        weeklyMinutes: 600,
      }),
    ).toBe(2400);
  });
});

describe('assignment state', () => {
  const base = { startsOn: '2026-03-01', trialEndsOn: '2026-03-14', endedOn: null, suspensions: [] };
  it.each([
    ['2026-02-28', base, 'upcoming'],
    ['2026-03-01', base, 'trial'],
    ['2026-03-14', base, 'trial'],
    ['2026-03-15', base, 'confirmed'],
    ['2026-04-10', { ...base, suspensions: [{ startsOn: '2026-04-01', endsOn: '2026-04-15' }] }, 'suspended'],
    ['2026-04-16', { ...base, suspensions: [{ startsOn: '2026-04-01', endsOn: '2026-04-15' }] }, 'confirmed'],
    ['2026-04-16', { ...base, suspensions: [{ startsOn: '2026-04-01', endsOn: null }] }, 'suspended'],
    ['2026-05-01', { ...base, endedOn: '2026-05-01' }, 'confirmed'],
    ['2026-05-02', { ...base, endedOn: '2026-05-01' }, 'ended'],
  ] as const)('on %s: %s', (today, facts, state) => {
    expect(assignmentState(facts, today)).toBe(state);
  });
});

describe('days without activity', () => {
  it.each([
    ['2026-11-01', null, '2026-11-26', 25, 'since arrival'],
    ['2026-06-01', '2026-11-20', '2026-11-26', 5, 'since the day after the last activity'],
    ['2026-06-01', '2026-11-25', '2026-11-26', 0, 'ended yesterday: none yet today'],
    ['2026-11-26', null, '2026-11-26', 0, 'arrived today'],
  ])('arrived %s, last activity ended %s, on %s: %i days (%s)', (arrival, last, today, days, _why) => {
    expect(daysWithoutActivity(arrival, last, today)).toBe(days);
  });
});

describe('waiting list order', () => {
  const today = '2026-11-26';
  const entry = (id: number, over: Partial<WaitingEntry> = {}): WaitingEntry => ({
    id,
    cpuOn: '2026-10-01',
    submittedOn: '2026-09-01',
    expectedReleaseDate: null,
    pinnedRank: null,
    ...over,
  });

  it('puts a release within six months first, then the oldest CPU opinion, then the oldest request', () => {
    const list = orderWaitingList(
      [
        entry(1, { cpuOn: '2026-10-05' }),
        entry(2, { cpuOn: '2026-09-01' }),
        entry(3, { cpuOn: '2026-11-20', expectedReleaseDate: '2027-03-01' }),
        entry(4, { cpuOn: '2026-09-01', submittedOn: '2026-08-01' }),
        entry(5, { cpuOn: '2026-09-01', expectedReleaseDate: '2028-01-01' }),
      ],
      today,
    );
    expect(list.map((e) => e.id)).toEqual([3, 4, 2, 5, 1]);
  });

  it('places an entry moved by hand at its chosen rank, the rest keeping their order', () => {
    const list = orderWaitingList(
      [
        entry(1, { cpuOn: '2026-09-01' }),
        entry(2, { cpuOn: '2026-09-02' }),
        entry(3, { cpuOn: '2026-09-03', pinnedRank: 1 }),
        entry(4, { cpuOn: '2026-09-04', pinnedRank: 99 }),
      ],
      today,
    );
    expect(list.map((e) => e.id)).toEqual([3, 1, 2, 4]);
  });

  it.each([
    ['2027-05-26', true],
    ['2027-05-27', false],
    ['2026-11-25', false],
    [null, false],
  ])('release on %s gives priority: %s', (release, priority) => {
    expect(hasReleasePriority(release, today)).toBe(priority);
  });
});

describe('the end of a training as an activity', () => {
  it.each([
    ['never closed: its session’s last day', { endedOn: null, sessionEndsOn: '2026-11-20' }, '2026-11-20'],
    ['dropped: the drop date', { endedOn: '2026-11-18', sessionEndsOn: '2099-06-30' }, '2026-11-18'],
    ['completed: the completion date', { endedOn: '2026-11-10', sessionEndsOn: '2026-11-20' }, '2026-11-10'],
  ] as const)('%s', (_, enrolment, end) => {
    expect(enrollmentActivityEnd(enrolment)).toBe(end);
  });

  // Arrival 27 Aug 2026, today 30 Nov 2026: from arrival 95 days; after a session ended 20 Nov, 9.
  it('gives 9 days after a session ended 20 Nov, where arrival would give 95', () => {
    expect(daysWithoutActivity('2026-08-27', enrollmentActivityEnd({ endedOn: null, sessionEndsOn: '2026-11-20' }), '2026-11-30')).toBe(9);
    expect(daysWithoutActivity('2026-08-27', null, '2026-11-30')).toBe(95);
  });
});
