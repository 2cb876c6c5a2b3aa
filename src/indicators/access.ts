import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { Workshop } from '../workshops/entities.ts';
import type { IndicatorScope } from './definition.ts';

/**
 * Which aggregates the caller may read (issue 22 item 2): admins any establishment;
 * coordinators their establishments; committee members their committees' establishments
 * (`aggregateEstablishmentIds`); a partner its own workshops only. An establishment or a
 * workshop outside that answers 404. `establishmentIds` empty: every establishment the caller
 * may read.
 */
export async function indicatorScopeFor(
  em: EntityManager,
  scope: Scope,
  asked: { establishmentIds?: readonly number[]; workshopId?: number },
): Promise<IndicatorScope> {
  if (scope.isPartnerStaff) {
    const mine = await em.find(Workshop, { partner: scope.partnerId ?? 0 }, { fields: ['id', 'establishment'] });
    const workshops = asked.workshopId === undefined ? mine : mine.filter((w) => w.id === asked.workshopId);
    if (workshops.length === 0 || (asked.establishmentIds?.length && !workshops.every((w) => asked.establishmentIds?.includes(w.establishment.id)))) {
      throw new NotFoundError();
    }
    return {
      establishmentIds: [...new Set(workshops.map((w) => w.establishment.id))],
      workshopIds: workshops.map((w) => w.id),
      partnerId: scope.partnerId ?? undefined,
    };
  }
  const readable = scope.aggregateEstablishmentIds();
  const all = readable === null ? (await em.getConnection().execute<{ id: number }[]>('select id from establishment')).map((r) => r.id) : [...readable];
  const establishmentIds = asked.establishmentIds?.length ? [...asked.establishmentIds] : all;
  if (establishmentIds.length === 0 || !establishmentIds.every((id) => all.includes(id))) throw new NotFoundError();
  if (asked.workshopId === undefined) return { establishmentIds };
  const workshop = await em.findOne(Workshop, { id: asked.workshopId, establishment: { $in: establishmentIds } });
  if (!workshop) throw new NotFoundError();
  return { establishmentIds: [workshop.establishment.id], workshopIds: [workshop.id] };
}
