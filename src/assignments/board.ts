import type { EntityManager } from '@mikro-orm/postgresql';
import type { Candidacy } from '../candidacies/entities.ts';
import { waitingLists } from '../candidacies/service.ts';
import { Detainee } from '../detainees/entities.ts';
import { listDetainees } from '../detainees/service.ts';
import { findEstablishment } from '../establishments/service.ts';
import { heldOn, vacanciesOn } from '../holdings/service.ts';
import type { Day } from '../platform/calendar.ts';
import type { Scope } from '../platform/scope.ts';
import { TrainingSession } from '../training/entities.ts';
import type { Post, Workshop } from '../workshops/entities.ts';
import { listPosts, listWorkshops, payFloors } from '../workshops/service.ts';
import { Assignment, Enrollment } from './entities.ts';
import { type AssignmentState, assignmentState, categoryWarning } from './rules.ts';

export interface BoardPost {
  post: Post;
  holder: Assignment | null;
  state: AssignmentState | null;
  /** First day without a holder, when vacant. */
  vacantSince: Day | null;
  /** The post or its holder's contract below the post's floor (D412-64), to correct; null when right. */
  categoryWarning: string | null;
}

export interface BoardWorkshop {
  workshop: Workshop;
  posts: BoardPost[];
  waiting: Candidacy[];
}

export interface BoardSession {
  session: TrainingSession;
  taken: number;
  waiting: Candidacy[];
}

export interface Board {
  workshops: BoardWorkshop[];
  sessions: BoardSession[];
}

/**
 * The assignment board: workshops → posts with their holder today or how long they have
 * been vacant, and each waiting list beside. A fixed number of queries, whatever the size.
 */
export async function assignmentBoard(em: EntityManager, scope: Scope, establishmentId: number, today: Day): Promise<Board> {
  scope.must(scope.managesEstablishments);
  await findEstablishment(em, scope, establishmentId);
  const [workshops, posts, holders, vacancies, lists, sessions, taken, floors] = await Promise.all([
    listWorkshops(em, scope, establishmentId, today),
    listPosts(em, scope, establishmentId),
    em.find(Assignment, { establishment: establishmentId, ...heldOn(today) }, { populate: ['detainee', 'suspensions'] }),
    vacanciesOn(em, establishmentId, today),
    waitingLists(em, scope, establishmentId, today),
    em.find(
      TrainingSession,
      { establishment: establishmentId, archivedAt: null, endsOn: { $gte: today } },
      { populate: ['programme'], orderBy: { startsOn: 'asc' } },
    ),
    em
      .getConnection()
      .execute<{ session_id: number; n: number }[]>(
        "select session_id, count(*)::int as n from enrollment where establishment_id = ? and status <> 'dropped' group by session_id",
        [establishmentId],
      ),
    payFloors(em),
  ]);
  const holderOf = new Map(holders.map((a) => [a.post.id, a]));
  const takenOf = new Map(taken.map((r) => [r.session_id, r.n]));
  return {
    workshops: workshops.map(({ workshop }) => ({
      workshop,
      waiting: lists.byWorkshop.get(workshop.id) ?? [],
      posts: posts
        .filter((p) => p.workshop.id === workshop.id)
        .map((post) => {
          const holder = holderOf.get(post.id) ?? null;
          return {
            post,
            holder,
            state: holder
              ? assignmentState(
                  {
                    startsOn: holder.startsOn,
                    trialEndsOn: holder.trialEndsOn,
                    endedOn: holder.endedOn ?? null,
                    suspensions: holder.suspensions.getItems().map((s) => ({ startsOn: s.startsOn, endsOn: s.endsOn ?? null })),
                  },
                  today,
                )
              : null,
            vacantSince: vacancies.get(post.id) ?? null,
            categoryWarning: categoryWarning(post, holder, floors),
          };
        }),
    })),
    sessions: sessions.map((session) => ({ session, taken: takenOf.get(session.id) ?? 0, waiting: lists.bySession.get(session.id) ?? [] })),
  };
}

/** Present people with neither work nor training today, longest without first, and how many are present: the 100 % promise, chased daily. */
export async function withoutActivity(em: EntityManager, scope: Scope, establishmentId: number, today: Day) {
  const rows = await listDetainees(em, scope, establishmentId, { withoutActivity: true, status: 'present' }, today);
  const present = await em.count(Detainee, { establishment: establishmentId, status: 'present' });
  return { rows: rows.sort((a, b) => (b.daysWithout ?? 0) - (a.daysWithout ?? 0)), present };
}

/** The person's whole history, oldest first: what their page's timeline shows. */
export async function historyOf(em: EntityManager, detaineeId: number) {
  const [assignments, enrollments] = await Promise.all([
    em.find(Assignment, { detainee: detaineeId }, { populate: ['post', 'post.workshop', 'suspensions'], orderBy: { startsOn: 'asc', id: 'asc' } }),
    em.find(Enrollment, { detainee: detaineeId }, { populate: ['session', 'session.programme'], orderBy: { startsOn: 'asc', id: 'asc' } }),
  ]);
  return { assignments, enrollments };
}

/** Who holds each post of a workshop today: the only personal data a partner sees (name and post). */
export async function holdersOfWorkshop(
  em: EntityManager,
  scope: Scope,
  workshopId: number,
  today: Day,
): Promise<Array<{ name: string; code: string; title: string }>> {
  const holders = await em.find(
    Assignment,
    { post: { workshop: { id: workshopId, ...scope.workshopFilter() } }, ...heldOn(today) },
    { populate: ['post', 'detainee'], orderBy: { post: { code: 'asc' } } },
  );
  return holders.map((a) => ({ name: a.detainee.fullName(), code: a.post.code, title: a.post.title }));
}
