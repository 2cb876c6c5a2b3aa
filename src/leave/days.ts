/**
 * The days a leave request covers, pure (issue 19): Monday to Friday, public holidays out
 * (Alsace-Moselle's too when the establishment applies them), the first day from the afternoon
 * only or the last day in the morning only counting half. One reading for the request's count,
 * the timesheet and the pay.
 */
import { type Day, plusDays } from '../platform/calendar.ts';
import { holidayOn } from '../platform/holidays.ts';

export interface LeaveDates {
  startsOn: Day;
  endsOn: Day;
  startsAfternoon: boolean;
  endsMorning: boolean;
}

/** Monday to Friday. */
export function isWeekday(day: Day): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Whether `day` of the request is a half day: its first day from the afternoon, or its last day in the morning. */
export const isHalfDay = (r: LeaveDates, day: Day): boolean => (day === r.startsOn && r.startsAfternoon) || (day === r.endsOn && r.endsMorning);

/** The working days of the request, in order, each whole or half. */
export function leaveDays(r: LeaveDates, alsaceMoselle = false): Array<{ day: Day; half: boolean }> {
  const days: Array<{ day: Day; half: boolean }> = [];
  for (let day = r.startsOn; day <= r.endsOn; day = plusDays(day, 1))
    if (isWeekday(day) && !holidayOn(day, { alsaceMoselle })) days.push({ day, half: isHalfDay(r, day) });
  return days;
}
