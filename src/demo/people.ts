import type { EntityManager } from '@mikro-orm/postgresql';
import { Assignment, Enrollment, Suspension } from '../assignments/entities.ts';
import { trialEndDate } from '../assignments/rules.ts';
import { Candidacy } from '../candidacies/entities.ts';
import { Detainee } from '../detainees/entities.ts';
import type { Establishment } from '../establishments/entities.ts';
import { type Day, plusDays } from '../platform/calendar.ts';
import type { TrainingSession } from '../training/entities.ts';
import type { Post } from '../workshops/entities.ts';

const FIRST = [
  'Karim',
  'Julien',
  'Mehdi',
  'Thomas',
  'Yassine',
  'Kevin',
  'Sofiane',
  'Nicolas',
  'Moussa',
  'Anthony',
  'Bilal',
  'Romain',
  'Ibrahim',
  'Florian',
  'Samir',
  'Jordan',
  'Ali',
  'Maxime',
  'Omar',
  'Dylan',
  'Hugo',
  'Rachid',
  'Loïc',
  'Mamadou',
  'Cédric',
  'Nabil',
  'Jérémy',
  'Farid',
  'Steven',
  'Amine',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
];

/** A small deterministic generator: the same demo every time. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

export interface PeoplePlan {
  establishment: Establishment;
  prefix: string;
  count: number;
  posts: Post[];
  /** Sessions running today, to enroll people in. */
  sessions: TrainingSession[];
  /** A session that ended, to give people a completed training in their history. */
  pastSession?: TrainingSession;
  waiting: number;
  left: number;
  today: Day;
  seed: number;
}

/**
 * Fictitious people with six months of history: most hold a post or follow a training,
 * some wait on a list, a few have neither, a few have left. Written as rows, the database
 * guards check them like any other write.
 */
export function createDemoPeople(em: EntityManager, plan: PeoplePlan): void {
  const rnd = random(plan.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const day = (offset: number) => plusDays(plan.today, offset);
  const people: Detainee[] = [];
  for (let i = 0; i < plan.count; i++) {
    const arrival = day(-Math.floor(40 + rnd() * 420));
    const person = em.create(Detainee, {
      establishment: plan.establishment,
      prisonNumber: `${plan.prefix}${String(1000 + i)}`,
      lastName: pick(LAST),
      firstName: pick(FIRST),
      birthDate: day(-Math.floor(365 * (20 + rnd() * 35))),
      arrivalDate: arrival,
      expectedReleaseDate: rnd() < 0.85 ? day(Math.floor(20 + rnd() * 900)) : null,
      status: 'present',
      officerName: `Surv. ${pick(LAST)} (démo)`,
      cpipName: `${pick(FIRST)} ${pick(LAST)} (CPIP, démo)`,
      referentName: `${pick(FIRST)} ${pick(LAST)} (référent, démo)`,
    });
    people.push(person);
  }
  let next = 0;
  const take = () => people[next++] as Detainee;
  const candidacy = (
    person: Detainee,
    target: Partial<Pick<Candidacy, 'post' | 'workshop' | 'session'>>,
    submittedOn: Day,
    status: Candidacy['status'],
    cpuOn: Day | null,
  ) =>
    em.create(Candidacy, {
      establishment: plan.establishment,
      detainee: person,
      target: target.post ? 'post' : target.session ? 'session' : 'workshop',
      workshop: target.workshop ?? null,
      post: target.post ?? null,
      session: target.session ?? null,
      proposedBy: pick(['self', 'cpip', 'referent', 'self'] as const),
      submittedOn,
      motivation: '',
      status,
      cpuOpinion: cpuOn ? 'favourable' : null,
      cpuOn,
      closedOn: status === 'assigned' ? null : null,
    });

  // Posts: all held but a few, each by a person who asked for its workshop; some with an earlier holder.
  let contract = 1;
  const reference = () => `CEP-${plan.today.slice(0, 4)}-${String(contract++).padStart(4, '0')}`;
  plan.posts.forEach((post, index) => {
    if (index % 12 === 11) return; // a vacant post now and then
    const person = take();
    const earliest = person.arrivalDate > day(-180) ? person.arrivalDate : day(-180);
    const proposed = plusDays(earliest, Math.floor(rnd() * 60) + 7);
    const start = proposed < plan.today ? proposed : day(-1);
    if (index % 5 === 0 && plan.posts.length > 20 && plan.sessions[0]) {
      // An earlier holder whose contract ended: history on the post and in their file.
      const former = take();
      const formerStart = former.arrivalDate > day(-200) ? former.arrivalDate : day(-200);
      if (formerStart < plusDays(start, -10)) {
        const ended = plusDays(start, -1);
        em.create(Assignment, {
          establishment: plan.establishment,
          detainee: former,
          post,
          contractReference: reference(),
          startsOn: formerStart,
          contractEndsOn: ended,
          trialEndsOn: trialEndDate(formerStart, ended),
          weeklyMinutes: post.weeklyMinutes,
          payCategory: post.payCategory,
          endedOn: ended,
          endReason: pick(['end_of_contract', 'resignation', 'moved_to_another_post'] as const),
        });
        candidacy(
          former,
          { session: plan.sessions[0] },
          plusDays(ended, 1) < plan.today ? plusDays(ended, 1) : ended,
          'approved',
          plusDays(ended, 1) < plan.today ? plusDays(ended, 1) : ended,
        );
      }
    }
    const c = candidacy(
      person,
      { workshop: post.workshop },
      plusDays(start, -20) < person.arrivalDate ? person.arrivalDate : plusDays(start, -20),
      'assigned',
      plusDays(start, -10) < person.arrivalDate ? person.arrivalDate : plusDays(start, -10),
    );
    c.closedOn = start;
    // Now and then a fixed-term contract ending within the month: the home lists it.
    const plannedEnd = index % 15 === 7 ? day(3 + (index % 28)) : null;
    const assignment = em.create(Assignment, {
      establishment: plan.establishment,
      detainee: person,
      post,
      candidacy: c,
      contractReference: reference(),
      startsOn: start,
      contractEndsOn: plannedEnd,
      trialEndsOn: trialEndDate(start, plannedEnd),
      weeklyMinutes: post.weeklyMinutes,
      payCategory: post.payCategory,
    });
    if (index % 9 === 4) {
      em.create(Suspension, {
        establishment: plan.establishment,
        assignment,
        startsOn: start > day(-3) ? start : day(-3),
        endsOn: day(4),
        reason: 'sickness',
        note: '',
      });
    }
  });

  // Training: the running sessions fill most of their places.
  for (const session of plan.sessions) {
    const seats = Math.max(0, session.places - 1);
    for (let s = 0; s < seats && next < people.length - plan.waiting - plan.left - 4; s++) {
      const person = take();
      const start = person.arrivalDate > session.startsOn ? person.arrivalDate : session.startsOn;
      em.create(Enrollment, { establishment: plan.establishment, detainee: person, session, startsOn: start, status: 'enrolled' });
    }
  }
  if (plan.pastSession) {
    const past = plan.pastSession;
    for (const person of people.slice(0, 6)) {
      if (person.arrivalDate <= past.startsOn) {
        const certified = rnd() < 0.7;
        em.create(Enrollment, {
          establishment: plan.establishment,
          detainee: person,
          session: past,
          startsOn: past.startsOn,
          status: 'completed',
          endedOn: past.endsOn,
          certified,
        });
      }
    }
  }

  // Waiting lists: approved requests, some people without any activity meanwhile.
  const workshops = [...new Map(plan.posts.map((p) => [p.workshop.id, p.workshop])).values()];
  for (let w = 0; w < plan.waiting && next < people.length - plan.left; w++) {
    const person = take();
    const submitted = plusDays(person.arrivalDate, 3);
    candidacy(person, { workshop: workshops[w % workshops.length] }, submitted, 'approved', plusDays(submitted, 7 + (w % 10)));
  }
  // One request still waiting for the CPU.
  if (next < people.length - plan.left) {
    const person = take();
    candidacy(person, { workshop: workshops[0] }, day(-2), 'submitted', null);
  }

  // People who left: released or transferred, with what they held ended that day.
  for (let l = 0; l < plan.left && next < people.length; l++) {
    const person = people[people.length - 1 - l] as Detainee;
    const leftOn = day(-Math.floor(5 + rnd() * 60));
    if (leftOn <= person.arrivalDate) continue;
    person.status = l % 3 === 2 ? 'transferred' : 'released';
    person.leftOn = leftOn;
    person.leftReason = person.status === 'released' ? 'Fin de peine' : 'Rapprochement familial';
  }
}
