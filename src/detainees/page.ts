import type { EntityManager } from '@mikro-orm/postgresql';
import type { FormFailure, PersonPageData } from '../../views/detainees/person.tsx';
import { historyOf } from '../assignments/board.ts';
import { Enrollment } from '../assignments/entities.ts';
import { nextContractReference } from '../assignments/service.ts';
import { candidaciesOf } from '../candidacies/service.ts';
import { freeFrom } from '../holdings/service.ts';
import type { Day } from '../platform/calendar.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import { listPosts, listWorkshops } from '../workshops/service.ts';
import { findDetainee } from './service.ts';

/** Everything the person page shows and offers, in a fixed number of queries. */
export async function personPageData(em: EntityManager, scope: Scope, id: number, today: Day, failure?: FormFailure): Promise<PersonPageData> {
  const detainee = await findDetainee(em, scope, id);
  const establishmentId = detainee.establishment.id;
  const [history, candidacies, posts, workshops, sessions, taken, contractReference] = await Promise.all([
    historyOf(em, detainee.id),
    candidaciesOf(em, detainee),
    listPosts(em, scope, establishmentId, { status: 'open' }),
    listWorkshops(em, scope, establishmentId, today),
    em.find(
      TrainingSession,
      { establishment: establishmentId, archivedAt: null, endsOn: { $gte: today } },
      { populate: ['programme'], orderBy: { startsOn: 'asc' } },
    ),
    em.find(Enrollment, { establishment: establishmentId, status: { $ne: 'dropped' } }, { fields: ['session'] }),
    nextContractReference(em, establishmentId, today),
  ]);
  const count = (sessionId: number) => taken.filter((e) => e.session.id === sessionId).length;
  return {
    detainee,
    today,
    assignments: history.assignments,
    enrollments: history.enrollments,
    candidacies,
    vacantPosts: await freeFrom(em, posts, today),
    allPosts: posts,
    workshops: workshops.map((w) => w.workshop),
    sessions: sessions.map((session) => ({ session, free: session.places - count(session.id) })),
    contractReference,
    failure,
  };
}
