import type { EntityManager } from '@mikro-orm/postgresql';
import type { FormFailure, PersonPageData } from '../../views/detainees/person.tsx';
import { historyOf } from '../assignments/board.ts';
import { Enrollment } from '../assignments/entities.ts';
import { timedDays } from '../assignments/outside-time.ts';
import { contractDates, nextContractReference, vacantPostsDuring } from '../assignments/service.ts';
import { candidaciesOf } from '../candidacies/service.ts';
import { isPayable } from '../hours/pay-rules.ts';
import { yearOvertimeMinutes } from '../hours/service.ts';
import { workingTimeOn } from '../hours/working-time.ts';
import { leaveBalanceOf } from '../leave/balance.ts';
import { policyVersionsOf } from '../leave/service.ts';
import type { Day } from '../platform/calendar.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import { listPosts, listWorkshops, payFloors } from '../workshops/service.ts';
import { findDetainee } from './service.ts';

/** Everything the person page shows and offers, in a fixed number of queries. */
export async function personPageData(em: EntityManager, scope: Scope, id: number, today: Day, failure?: FormFailure, leaveAsOf?: Day): Promise<PersonPageData> {
  const detainee = await findDetainee(em, scope, id);
  const establishmentId = detainee.establishment.id;
  const [history, candidacies, posts, workshops, sessions, taken, contractReference, floors, timed] = await Promise.all([
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
    payFloors(em),
    timedDays(em, { detaineeId: detainee.id }),
  ]);
  const leftOn = detainee.leftOn ?? null;
  // What the pay leaves out (the same rule, isPayable): time after an end, in a suspension, after leaving.
  const outsideTime = timed.filter((e) => {
    const a = history.assignments.find((x) => x.id === e.assignmentId);
    if (a) return !isPayable(e.day, [a], a.suspensions.getItems(), leftOn);
    const en = history.enrollments.find((x) => x.id === e.enrollmentId);
    return en ? !isPayable(e.day, [en], [], leftOn) : false;
  });
  const count = (sessionId: number) => taken.filter((e) => e.session.id === sessionId).length;
  const { policy } = await workingTimeOn(em, establishmentId, today);
  return {
    detainee,
    today,
    yearOvertime: { minutes: await yearOvertimeMinutes(em, detainee.id, Number(today.slice(0, 4)), policy), capMinutes: policy.yearlyOvertimeCapMinutes },
    assignments: history.assignments,
    enrollments: history.enrollments,
    candidacies,
    // Vacant over the dates of a refused assignment, so that the list matches what was typed.
    vacantPosts: await vacantPostsDuring(em, scope, establishmentId, contractDates(failure?.form === 'affectation' ? failure.values : {}, today)),
    allPosts: posts,
    workshops: workshops.map((w) => w.workshop),
    sessions: sessions.map((session) => ({ session, free: session.places - count(session.id) })),
    contractReference,
    floors,
    outsideTime,
    // The leave balance explained (issue 19): never for those who do not see individual data.
    leave: scope.seesIndividualData
      ? await leaveBalanceOf(em, scope, detainee.id, await policyVersionsOf(em, establishmentId), today, leaveAsOf ?? today)
      : undefined,
    failure,
  };
}
