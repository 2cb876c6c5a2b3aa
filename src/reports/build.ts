import type { EntityManager } from '@mikro-orm/postgresql';
import { computeIndicators, indicatorDefinitions } from '../indicators/catalogue.ts';
import { dataVersionOf } from '../indicators/data-version.ts';
import type { Family, IndicatorValue } from '../indicators/definition.ts';
import { previousPeriod, type ReportingPeriod } from '../indicators/periods.ts';
import { chartMonths, monthlyValues } from '../indicators/series.ts';
import { workByWorkshop } from '../indicators/work.ts';
import { REPORT_TARGETS, type ReportData, type ReportFigure, type ReportPeriodRef } from './report-data.ts';

/** The families a workshop's page shows (training and leave belong to sessions and people, steering to committees). */
export const WORKSHOP_FAMILIES: readonly Family[] = ['posts', 'work', 'flows', 'partners'];

const CHART_KEYS = ['work.worked_minutes', 'work.trained_minutes', 'posts.occupancy_rate', 'people.access_rate'] as const;

export type StepReporter = (step: string, progress: number) => Promise<void>;

/**
 * Computes everything an establishment's report says for a period, as of that period (never the
 * wall clock): the catalogue for the period and the one before, each workshop's families, the
 * months for the charts, the data-quality counts and the data version. The
 * caller runs it in one REPEATABLE READ transaction, so that every figure and the data version
 * are read from the same snapshot.
 */
export async function buildReportData(
  em: EntityManager,
  input: { establishmentId: number; period: ReportingPeriod; version: number; generatedAt: Date },
  onStep: StepReporter = async () => {},
): Promise<ReportData> {
  const { establishmentId, period } = input;
  const previous = previousPeriod(period);
  const scope = { establishmentIds: [establishmentId] };

  await onStep('Calcul des indicateurs de l’établissement', 10);
  const [establishment] = await em.execute<Array<{ name: string }>>('select name from establishment where id = ?', [establishmentId]);
  if (!establishment) throw new Error(`report: establishment ${establishmentId} not found`);
  const now = await computeIndicators(em, scope, period);
  const before = await computeIndicators(em, scope, previous);

  await onStep('Calcul par atelier', 35);
  const workshopRows = await em.execute<Array<{ id: number; name: string; partner_name: string | null }>>(
    `select w.id, w.name, p.name as partner_name
       from workshop w left join partner p on p.id = w.partner_id
      where w.establishment_id = ?
        and exists (select 1 from post where post.workshop_id = w.id)
      order by lower(w.name), w.id`,
    [establishmentId],
  );
  // The work family of every workshop in one statement per period (its weeks placed once); the others workshop by workshop.
  const ids = workshopRows.map((w) => w.id);
  const workNow = await workByWorkshop(em, establishmentId, ids, period);
  const workBefore = await workByWorkshop(em, establishmentId, ids, previous);
  const others = WORKSHOP_FAMILIES.filter((f) => f !== 'work');
  const withWork = (values: Map<string, IndicatorValue>, work: IndicatorValue[] | undefined) => {
    const all = new Map([...values, ...(work ?? []).map((v) => [v.key, v] as const)]);
    // In the catalogue's order, as computeIndicators gives them.
    return new Map(indicatorDefinitions().flatMap((d) => (all.has(d.key) ? [[d.key, all.get(d.key) as IndicatorValue] as const] : [])));
  };
  const workshops = [];
  for (const w of workshopRows) {
    const wscope = { establishmentIds: [establishmentId], workshopIds: [w.id] };
    const wNow = withWork(await computeIndicators(em, wscope, period, others), workNow.get(w.id));
    const wBefore = withWork(await computeIndicators(em, wscope, previous, others), workBefore.get(w.id));
    workshops.push({ id: w.id, name: w.name, partnerName: w.partner_name, figures: figuresOf(wNow, wBefore) });
  }

  await onStep('Évolution mensuelle', 60);
  const months = chartMonths(period);
  const monthly = await monthlyValues(em, scope, months, CHART_KEYS);
  const series = (key: string) => monthly.map((m) => m.get(key)?.value ?? null);

  await onStep('Qualité des données', 75);
  const quality = await dataQuality(em, establishmentId, period);
  const version = await dataVersionOf(em);
  const labels = new Map(indicatorDefinitions().map((d) => [d.key, d.label]));
  const skipped = [...now.values()].flatMap((v) => (v.skipped ?? []).map((reason) => ({ key: v.key, label: labels.get(v.key) ?? v.key, reason })));

  return {
    format: 1,
    establishment: { id: establishmentId, name: establishment.name },
    period: ref(period),
    previous: ref(previous),
    generatedAt: input.generatedAt.toISOString(),
    version: input.version,
    dataVersion: version,
    targets: { ...REPORT_TARGETS },
    figures: figuresOf(now, before),
    workshops,
    months: {
      months,
      worked: series('work.worked_minutes'),
      trained: series('work.trained_minutes'),
      occupancy: series('posts.occupancy_rate'),
      access: series('people.access_rate'),
    },
    dataQuality: { ...quality, skipped },
  };
}

const ref = (p: ReportingPeriod): ReportPeriodRef => ({ code: p.code, label: p.label, from: p.from, to: p.to });

function figuresOf(now: Map<string, IndicatorValue>, before: Map<string, IndicatorValue>): Record<string, ReportFigure> {
  const out: Record<string, ReportFigure> = {};
  for (const [key, v] of now) {
    const p = before.get(key);
    const figure: ReportFigure = { value: v.value, previous: p?.value ?? null };
    if (v.breakdown) figure.breakdown = v.breakdown;
    if (p?.breakdown) figure.previousBreakdown = p.breakdown;
    if (v.skipped?.length) figure.skipped = v.skipped;
    out[key] = figure;
  }
  return out;
}

/** Weeks of the period still not validated (by workshop or session) and people on a work post with no hours entered. */
async function dataQuality(em: EntityManager, establishmentId: number, period: { from: string; to: string }) {
  const weeks = await em.execute<Array<{ label: string; weeks: number }>>(
    `select coalesce(w.name, tp.title || ' (session du ' || to_char(s.starts_on, 'DD/MM/YYYY') || ')') as label, count(*)::int as weeks
       from timesheet_week tw
       left join workshop w on w.id = tw.workshop_id
       left join training_session s on s.id = tw.session_id
       left join training_programme tp on tp.id = s.programme_id
      where tw.establishment_id = ? and tw.status <> 'validated'
        and tw.week_start <= ?::date and tw.week_start + 6 >= ?::date
        and exists (select 1 from time_entry te
                     where (te.workshop_id = tw.workshop_id or te.session_id = tw.session_id)
                       and te.day between tw.week_start and tw.week_start + 6)
      group by 1 order by 2 desc, 1`,
    [establishmentId, period.to, period.from],
  );
  const [people] = await em.execute<Array<{ n: number }>>(
    `select count(distinct a.detainee_id)::int as n
       from assignment a
      where a.establishment_id = ? and a.starts_on <= ?::date and coalesce(a.ended_on, 'infinity'::date) >= ?::date
        and not exists (
          select 1 from time_entry te
           where te.assignment_id = a.id and te.day between greatest(a.starts_on, ?::date) and least(coalesce(a.ended_on, 'infinity'::date), ?::date))`,
    [establishmentId, period.to, period.from, period.from, period.to],
  );
  return {
    weeksNotValidated: weeks.reduce((s, w) => s + w.weeks, 0),
    weeksNotValidatedBy: weeks,
    peopleWithoutEntries: people?.n ?? 0,
  };
}
