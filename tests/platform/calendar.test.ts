import { tz } from '@date-fns/tz';
import { addDays, addMonths, differenceInCalendarDays, endOfMonth, formatISO, parseISO, startOfISOWeek } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  covers,
  daysBetween,
  firstDayOf,
  fixedClock,
  lastDayOf,
  mondayOf,
  monthBounds,
  monthOf,
  parseDay,
  parseMonth,
  plusDays,
  plusMonths,
  toDay,
  weekDays,
} from '../../src/platform/calendar.ts';

describe('today is the calendar day in Paris, whatever the machine', () => {
  it.each([
    ['winter, before midnight in Paris', '2026-11-30T22:59:59Z', '2026-11-30'],
    ['winter, past midnight in Paris but not in UTC', '2026-11-30T23:30:00Z', '2026-12-01'],
    ['summer, before midnight in Paris', '2026-07-14T21:59:59Z', '2026-07-14'],
    ['summer, past midnight in Paris but not in UTC', '2026-07-14T22:30:00Z', '2026-07-15'],
    ['new year in Paris, still the old year in UTC', '2026-12-31T23:00:00Z', '2027-01-01'],
    ['the night clocks go forward (29 March 2026)', '2026-03-28T23:30:00Z', '2026-03-29'],
    ['the day clocks go forward, after the change', '2026-03-29T21:59:00Z', '2026-03-29'],
    ['the day clocks go forward, at midnight in Paris', '2026-03-29T22:00:00Z', '2026-03-30'],
    ['the night clocks go back (25 October 2026)', '2026-10-24T22:30:00Z', '2026-10-25'],
    ['the day clocks go back, at midnight in Paris', '2026-10-25T23:00:00Z', '2026-10-26'],
  ])('%s: %s is %s', (_why, instant, day) => {
    expect(toDay(new Date(instant))).toBe(day);
    expect(fixedClock(new Date(instant)).today()).toBe(day);
  });

  it.each(['2026-03-29', '2026-10-25', '2026-11-26', '2026-07-14'])('a clock pinned to %s says so, at noon in Paris', (day) => {
    const clock = fixedClock(day);
    expect(clock.today()).toBe(day);
    expect(toDay(clock.now())).toBe(day);
  });

  it('refuses to pin a clock to something that is not a day', () => {
    expect(() => fixedClock('2026-02-30')).toThrow(RangeError);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2026-11-26', 1, '2026-11-27'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s plus %i day is %s', (day, n, expected) => {
    expect(plusDays(day, n)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(n);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-11-26', 6, '2027-05-26'],
  ])('%s plus %i month is %s', (day, n, expected) => {
    expect(plusMonths(day, n)).toBe(expected);
  });

  it('counts the days across a change of time as whole days', () => {
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('agrees with date-fns on every day from 1999 to 2101 (days and months added, days between, months’ last days)', () => {
    // The arithmetic is plain (no time zone to consult, it runs for every day of every person's
    // leave ledger): date-fns in UTC is the reference it must match.
    const utc = tz('UTC');
    const iso = (date: Date) => formatISO(date, { representation: 'date' });
    const differing: string[] = [];
    // Each day with one of the steps in turn (every step meets every day of the week and month over the years).
    const days = [1, -1, 6, -30, 366, -400, 7];
    const months = [1, -1, 2, 11, -13, 25];
    const others = ['1999-01-01', '2026-03-29', '2101-12-31'];
    let i = 0;
    for (let day = '1999-01-01'; day <= '2101-12-31'; day = plusDays(day, 1), i += 1) {
      const date = parseISO(day, { in: utc });
      const [n, m, other] = [days[i % days.length] as number, months[i % months.length] as number, others[i % others.length] as string];
      if (plusDays(day, n) !== iso(addDays(date, n))) differing.push(`${day} + ${n} j`);
      if (plusMonths(day, m) !== iso(addMonths(date, m))) differing.push(`${day} + ${m} mois`);
      if (daysBetween(other, day) !== differenceInCalendarDays(date, parseISO(other, { in: utc }))) differing.push(`${other} → ${day}`);
      if (day.endsWith('-01') && lastDayOf(monthOf(day)) !== iso(endOfMonth(date))) differing.push(`fin de ${monthOf(day)}`);
    }
    expect(differing).toEqual([]);
  });

  it.each(['2026-02-30', '2026-13-01', '26/11/2026', '2026-11-26T10:00', ''])('refuses to count from %j', (input) => {
    expect(() => plusDays(input, 1)).toThrow(RangeError);
    expect(() => plusMonths(input, 1)).toThrow(RangeError);
    expect(() => daysBetween(input, '2026-11-26')).toThrow(RangeError);
  });

  it.each([
    ['2026-11-01', '2026-11-30', '2026-11-15', true],
    ['2026-11-01', '2026-11-30', '2026-11-01', true],
    ['2026-11-01', '2026-11-30', '2026-11-30', true],
    ['2026-11-01', '2026-11-30', '2026-12-01', false],
    ['2026-11-01', '2026-11-30', '2026-10-31', false],
    ['2026-11-01', null, '2030-01-01', true],
  ])('[%s, %s] covers %s: %s', (from, to, day, expected) => {
    expect(covers(from, to, day)).toBe(expected);
  });
});

describe('weeks run Monday to Sunday', () => {
  it.each([
    ['a Monday', '2026-11-30', '2026-11-30'],
    ['a Sunday', '2026-11-29', '2026-11-23'],
    ['a Thursday', '2026-11-26', '2026-11-23'],
    ['a Sunday across a year', '2027-01-03', '2026-12-28'],
    ['the Sunday clocks go forward', '2026-03-29', '2026-03-23'],
    ['the Monday after clocks go forward', '2026-03-30', '2026-03-30'],
    ['the Sunday clocks go back', '2026-10-25', '2026-10-19'],
    ['the Monday after clocks go back', '2026-10-26', '2026-10-26'],
    ['a New Year’s Day on a Thursday', '2026-01-01', '2025-12-29'],
    ['a New Year’s Eve on a Thursday', '2026-12-31', '2026-12-28'],
    ['a New Year’s Day on a Friday', '2027-01-01', '2026-12-28'],
    ['a New Year’s Day on a Monday', '2029-01-01', '2029-01-01'],
    ['a New Year’s Day on a Sunday', '2034-01-01', '2033-12-26'],
    ['a leap day on a Thursday', '2024-02-29', '2024-02-26'],
    ['the day after a leap day', '2024-03-01', '2024-02-26'],
    ['a Sunday after a leap day', '2024-03-03', '2024-02-26'],
    ['a leap day on a Sunday', '2032-02-29', '2032-02-23'],
    ['1 March of a year without a leap day', '2026-03-01', '2026-02-23'],
    ['1 March 2100 (no leap day)', '2100-03-01', '2100-03-01'],
    ['the first day forms accept', '1900-01-01', '1900-01-01'],
    ['the last day forms accept', '2100-12-31', '2100-12-27'],
  ])('%s (%s) is in the week of %s', (_what, day, monday) => {
    expect(mondayOf(day)).toBe(monday);
  });

  it('agrees with date-fns’s ISO week on every day from 1999 to 2101', () => {
    const differing: string[] = [];
    for (let day = '1999-01-01'; day <= '2101-12-31'; day = plusDays(day, 1)) {
      const expected = formatISO(startOfISOWeek(parseISO(day, { in: tz('UTC') })), { representation: 'date' });
      if (mondayOf(day) !== expected) differing.push(day);
    }
    expect(differing).toEqual([]);
  });

  it.each(['2026-02-30', '2026-13-01', '26/11/2026', ''])('refuses %j', (input) => {
    expect(() => mondayOf(input)).toThrow(RangeError);
  });

  it('lists the seven days of a week', () => {
    expect(weekDays('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });
});

describe('months', () => {
  it.each([
    ['2026-11', '2026-11-01', '2026-11-30'],
    ['2026-12', '2026-12-01', '2026-12-31'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2100-02', '2100-02-01', '2100-02-28'],
  ])('%s runs from %s to %s', (month, first, last) => {
    expect(firstDayOf(month)).toBe(first);
    expect(lastDayOf(month)).toBe(last);
    expect(monthBounds(month)).toEqual([first, last]);
    expect(monthOf(last)).toBe(month);
  });

  it.each([
    ['2026-11', '2026-11'],
    ['2026-13', null],
    ['2026-00', null],
    ['2026-1', null],
    ['novembre', null],
    ['', null],
  ])('reads the month %j as %s', (input, month) => {
    expect(parseMonth(input)).toBe(month);
  });
});

describe('days typed in a form', () => {
  it.each([
    ['2026-11-26', '2026-11-26'],
    ['2024-02-29', '2024-02-29'],
    ['2026-02-29', null],
    ['2026-02-30', null],
    ['2026-04-31', null],
    ['2026-13-01', null],
    ['1899-12-31', null],
    ['2101-01-01', null],
    ['26/11/2026', null],
    ['2026-11-26T10:00', null],
    [' 2026-11-26', null],
    ['', null],
  ])('%j is %s', (input, day) => {
    expect(parseDay(input)).toBe(day);
  });
});
