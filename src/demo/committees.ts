import { TZDate } from '@date-fns/tz';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Candidacy } from '../candidacies/entities.ts';
import { approveMinutes } from '../committees/approval.ts';
import { saveCpuSitting } from '../committees/cpu.ts';
import {
  ActionItem,
  type ActionStatus,
  ActionUpdate,
  Attendance,
  type AttendanceStatus,
  Committee,
  type CommitteeKind,
  CommitteeMember,
  Decision,
  Meeting,
  MeetingItem,
  type MemberRole,
} from '../committees/entities.ts';
import { CPU_ITEM_TITLE, FOLLOW_UP_TITLE } from '../committees/meetings.ts';
import { Establishment } from '../establishments/entities.ts';
import { type Day, fixedClock, PARIS, plusDays } from '../platform/calendar.ts';
import { Scope } from '../platform/scope.ts';
import { User } from '../users/entities.ts';

/**
 * The demo's committees (issue 20, item 8): per establishment a CPU and a technical committee,
 * and a departmental steering committee on both; each committee with three past meetings whose
 * minutes are approved (decisions numbered, an edition stored with its PDF), their action items
 * followed from meeting to meeting in every state, and one coming meeting; each CPU with a past
 * sitting that gave its opinion on candidacies. Run once the rest of the demo is committed: the
 * minutes are approved and the CPU's opinions recorded through the committees' services, one
 * meeting after another, as the coordinator would (the database refuses any change to approved
 * minutes, so each meeting is written in full before it is approved).
 */
export async function createDemoCommittees(em: EntityManager, today: Day): Promise<void> {
  const sql = em.getConnection();
  const [coordinator] = await sql.execute<{ id: number }[]>(`select id from app_user where email = 'coordination@atelier.test'`);
  const [partner] = await sql.execute<{ id: number; contact: string; name: string }[]>(
    `select u.id, p.contact_name as contact, p.name from app_user u join partner p on p.id = u.partner_id where u.email = 'partenaire@atelier.test'`,
  );
  const [member] = await sql.execute<{ id: number }[]>(`select id from app_user where email = 'comite@atelier.test'`);
  const establishments = await sql.execute<{ id: number; kind: string; name: string; city: string }[]>(
    'select id, kind, name, city from establishment order by id',
  );
  const arras = establishments.find((e) => e.kind === 'inserre');
  const brest = establishments.find((e) => e.kind !== 'inserre');
  if (!coordinator || !partner || !member || !arras || !brest) return;
  const coordination = new Scope(coordinator.id, 'coordinator', [arras.id, brest.id], null);
  const day = (offset: number) => plusDays(today, offset);

  for (const site of [arras, brest]) {
    const arrasPartner = site === arras ? await firstPartnerContact(em, site.id) : null;
    const technical = await createCommittee(em, {
      kind: 'technical',
      name: `Comité technique — ${site.name}`,
      code: `CT-${site.city.toUpperCase()}`,
      quorum: 3,
      establishments: [site.id],
      members: [
        { user: coordinator.id, organisation: 'Coordination des ateliers', function: 'Coordinatrice', role: 'secretary' },
        { name: site === arras ? 'Hélène Marchand (démo)' : 'Yves Le Bihan (démo)', organisation: site.name, function: 'Chef d’établissement', role: 'chair' },
        {
          name: site === arras ? 'Karim Benali (démo)' : 'Anne Morvan (démo)',
          organisation: 'SPIP',
          function: 'Directeur pénitentiaire d’insertion et de probation',
        },
        // The partner's contact: on Brest the demo partner account, elsewhere an external member.
        site === brest
          ? { user: partner.id, organisation: partner.name, function: 'Contact de la structure partenaire' }
          : { name: arrasPartner?.contact ?? 'Julie Roue', organisation: arrasPartner?.name ?? 'Structure partenaire', function: 'Encadrante technique' },
      ],
    });
    await pastMeetings(em, coordination, technical, TECHNICAL_PLAN, today);
    await upcomingMeeting(em, technical, workday(day(site === arras ? 10 : 17)), site === arras ? 'Salle polyvalente' : 'Salle de réunion du greffe');

    const cpu = await createCommittee(em, {
      kind: 'cpu',
      name: `CPU — ${site.name}`,
      code: `CPU-${site.city.toUpperCase()}`,
      quorum: null,
      establishments: [site.id],
      members: [
        { user: coordinator.id, organisation: 'Coordination des ateliers', function: 'Coordinatrice', role: 'secretary' },
        { name: site === arras ? 'Hélène Marchand (démo)' : 'Yves Le Bihan (démo)', organisation: site.name, function: 'Chef d’établissement', role: 'chair' },
        {
          name: site === arras ? 'Karim Benali (démo)' : 'Anne Morvan (démo)',
          organisation: 'SPIP',
          function: 'Conseiller pénitentiaire d’insertion et de probation',
        },
        { name: site === arras ? 'Lucie Dervaux (démo)' : 'Erwan Quéméner (démo)', organisation: 'Unité sanitaire', function: 'Infirmière' },
      ],
    });
    await cpuSitting(em, coordination, cpu, site.id, workday(day(-9)));
    await upcomingMeeting(em, cpu, workday(day(14)), 'Salle de la CPU');
  }

  const steering = await createCommittee(em, {
    kind: 'departmental',
    name: 'Comité de pilotage départemental des ateliers d’insertion',
    code: 'COPIL-DEP',
    quorum: 4,
    establishments: [arras.id, brest.id],
    members: [
      { user: coordinator.id, organisation: 'Coordination des ateliers', function: 'Coordinatrice', role: 'chair' },
      { user: member.id, organisation: 'Direction interrégionale des services pénitentiaires', function: 'Chargée de mission insertion' },
      { name: 'Sandrine Lefebvre (démo)', organisation: 'France Travail', function: 'Conseillère justice' },
      { name: 'Thomas Garnier (démo)', organisation: 'Mission locale', function: 'Conseiller référent justice' },
      { name: 'Nadia Haddad (démo)', organisation: 'Éducation nationale', function: 'Responsable local d’enseignement' },
      { name: 'Pierre Caron (démo)', organisation: 'Unité sanitaire', function: 'Médecin coordonnateur' },
    ],
  });
  await pastMeetings(em, coordination, steering, STEERING_PLAN, today);
  await upcomingMeeting(em, steering, workday(day(38)), 'Préfecture, salle Jean Moulin', 'https://visio.atelier.test/copil-dep');
}

interface MemberPlan {
  user?: number;
  name?: string;
  organisation?: string;
  function?: string;
  role?: MemberRole;
}

async function createCommittee(
  em: EntityManager,
  plan: { kind: CommitteeKind; name: string; code: string; quorum: number | null; establishments: number[]; members: MemberPlan[] },
): Promise<Committee> {
  return em.fork().transactional(async (tx) => {
    const committee = tx.create(Committee, { kind: plan.kind, name: plan.name, code: plan.code, quorum: plan.quorum });
    committee.establishments.set(plan.establishments.map((id) => tx.getReference(Establishment, id)));
    for (const m of plan.members) {
      tx.create(CommitteeMember, {
        committee,
        user: m.user ?? null,
        name: m.user ? '' : (m.name ?? ''),
        organisation: m.organisation ?? '',
        function: m.function ?? '',
        role: m.role ?? 'member',
      });
    }
    await tx.flush();
    return committee;
  });
}

async function firstPartnerContact(em: EntityManager, establishmentId: number) {
  const [row] = await em
    .getConnection()
    .execute<{ contact: string; name: string }[]>(
      `select p.contact_name as contact, p.name from workshop w join partner p on p.id = w.partner_id where w.establishment_id = ? and p.contact_name <> '' order by w.id limit 1`,
      [establishmentId],
    );
  return row ?? null;
}

/** Committees sit on weekdays: a Saturday or a Sunday moves to the Monday. */
function workday(day: Day): Day {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday === 6 ? plusDays(day, 2) : weekday === 0 ? plusDays(day, 1) : day;
}

/** 14h00 on `day`, Paris time. */
function at(day: Day, hour = 14): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, 0, PARIS).getTime());
}

/** One meeting's minutes: its topics (each with what was said, decided and asked, an action's owner by member index), and what it made of earlier actions. */
interface MeetingPlan {
  /** Days before today. */
  ago: number;
  place: string;
  topics: Array<{
    title: string;
    presenter?: string;
    discussion: string;
    decisions?: string[];
    /** `owner`: the index of the member in the committee's list (the first by default). */
    actions?: Array<{ title: string; due: number; comment?: string; owner?: number }>;
  }>;
  /** What this meeting made of the earlier actions still open, in the order they were decided. */
  followUp?: Array<{ status: ActionStatus; comment: string }>;
}

/** Writes a meeting in full while it is a draft, has it submitted, and approves it through the service a week later. */
async function pastMeetings(em: EntityManager, approver: Scope, committee: Committee, plans: MeetingPlan[], today: Day): Promise<void> {
  const decided: number[] = [];
  for (const [index, plan] of plans.entries()) {
    const meetingDay = workday(plusDays(today, -plan.ago));
    const approvedOn = plusDays(meetingDay, 7) < today ? plusDays(meetingDay, 7) : plusDays(today, -1);
    const meetingId = await em.fork().transactional(async (tx) => {
      const meeting = tx.create(Meeting, { committee: committee.id, startsAt: at(meetingDay), place: plan.place, createdBy: approver.userId });
      const members = await tx.find(CommitteeMember, { committee: committee.id }, { orderBy: { id: 'asc' } });
      members.forEach((m, i) => {
        tx.create(Attendance, { meeting, member: m, ...attendanceOf(index, i) });
      });
      let position = 0;
      if (plan.followUp) {
        const followUp = tx.create(MeetingItem, { meeting, position: ++position, kind: 'follow_up', title: FOLLOW_UP_TITLE, discussion: '' });
        // Earlier actions still open or in progress, in the order they were decided.
        const earlier = await tx.find(ActionItem, { id: { $in: decided }, status: { $in: ['open', 'in_progress'] } }, { orderBy: { id: 'asc' } });
        plan.followUp.forEach((update, i) => {
          const action = earlier[i];
          if (!action) return;
          action.status = update.status;
          action.comment = update.comment;
          tx.create(ActionUpdate, { actionItem: action, meeting, status: update.status, comment: update.comment, createdBy: approver.userId });
        });
        followUp.discussion = 'Les actions des séances précédentes encore ouvertes sont revues une à une.';
      }
      for (const topic of plan.topics) {
        const item = tx.create(MeetingItem, {
          meeting,
          position: ++position,
          kind: 'topic',
          title: topic.title,
          presenter: topic.presenter ?? '',
          discussion: topic.discussion,
        });
        for (const text of topic.decisions ?? []) tx.create(Decision, { committee: committee.id, meeting, item, text, createdBy: approver.userId });
        for (const a of topic.actions ?? []) {
          const owner = members[a.owner ?? 0];
          tx.create(ActionItem, {
            committee: committee.id,
            meeting,
            item,
            title: a.title,
            owner,
            dueOn: plusDays(meetingDay, a.due),
            comment: a.comment ?? '',
            createdBy: approver.userId,
          });
        }
      }
      meeting.status = 'submitted';
      meeting.submittedAt = at(plusDays(meetingDay, 2), 10);
      meeting.submittedBy = tx.getReference(User, approver.userId);
      await tx.flush();
      return meeting.id;
    });
    await approveMinutes(em.fork(), approver, meetingId, { approvedOn }, fixedClock(approvedOn));
    const actions = await em.fork().find(ActionItem, { meeting: meetingId }, { orderBy: { id: 'asc' } });
    decided.push(...actions.map((a) => a.id));
  }
}

/** Most present; one excused now and then, one represented. */
function attendanceOf(meetingIndex: number, memberIndex: number): { status: AttendanceStatus; representedBy: string } {
  if (memberIndex === 0) return { status: 'present', representedBy: '' };
  const turn = (meetingIndex + memberIndex) % 5;
  if (turn === 3) return { status: 'excused', representedBy: '' };
  if (turn === 4 && meetingIndex === 1) return { status: 'represented', representedBy: 'Son adjoint' };
  return { status: 'present', representedBy: '' };
}

/** A coming meeting: its agenda set, nothing written yet. */
async function upcomingMeeting(em: EntityManager, committee: Committee, day: Day, place: string, videoLink = ''): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const meeting = tx.create(Meeting, { committee: committee.id, startsAt: at(day, committee.kind === 'cpu' ? 9 : 14), place, videoLink });
    const title = committee.kind === 'cpu' ? CPU_ITEM_TITLE : FOLLOW_UP_TITLE;
    tx.create(MeetingItem, { meeting, position: 1, kind: committee.kind === 'cpu' ? 'cpu' : 'follow_up', title });
    if (committee.kind !== 'cpu') tx.create(MeetingItem, { meeting, position: 2, kind: 'topic', title: 'Point sur les ateliers et les formations' });
    // The actions still open are carried in, as a meeting set up in the app carries them (meetings.ts createMeeting).
    const open = await tx.find(ActionItem, { committee: committee.id, status: { $in: ['open', 'in_progress'] } }, { orderBy: { id: 'asc' } });
    for (const action of open) tx.create(ActionUpdate, { actionItem: action, meeting, status: action.status, comment: action.comment });
    await tx.flush();
  });
}

/**
 * A CPU sitting a week ago: three requests filed before it by people of the establishment who had
 * none open (for a workshop, or for a coming training session when they already work), two
 * favourable and one unfavourable, recorded through the CPU's service as the secretary would,
 * then the minutes approved.
 */
async function cpuSitting(em: EntityManager, secretary: Scope, cpu: Committee, establishmentId: number, sittingDay: Day): Promise<void> {
  const sql = em.getConnection();
  // People without a request open: one without work asks for a workshop, one at work for a coming training session.
  const people = await sql.execute<{ id: number; working: boolean }[]>(
    `select d.id, exists (select 1 from assignment a where a.detainee_id = d.id and a.ended_on is null) as working from detainee d
      where d.establishment_id = ? and d.status = 'present' and d.arrival_date <= ?::date - 14
        and not exists (select 1 from candidacy c where c.detainee_id = d.id and c.status in ('submitted', 'approved'))
      order by working, d.id limit 3`,
    [establishmentId, sittingDay],
  );
  const [workshop] = await sql.execute<{ id: number }[]>('select id from workshop where establishment_id = ? order by id limit 1', [establishmentId]);
  const [session] = await sql.execute<{ id: number }[]>(
    'select id from training_session where establishment_id = ? and starts_on > ?::date order by starts_on, id limit 1',
    [establishmentId, sittingDay],
  );
  type Request = { detainee: number; target: 'workshop' | 'session'; workshop: number | null; session: number | null };
  const requests: Request[] = [];
  for (const p of people) {
    if (p.working && session) requests.push({ detainee: p.id, target: 'session', workshop: null, session: session.id });
    if (!p.working && workshop) requests.push({ detainee: p.id, target: 'workshop', workshop: workshop.id, session: null });
  }
  const { meetingId, candidacies } = await em.fork().transactional(async (tx) => {
    const meeting = tx.create(Meeting, { committee: cpu.id, startsAt: at(sittingDay, 9), place: 'Salle de la CPU', createdBy: secretary.userId });
    tx.create(MeetingItem, { meeting, position: 1, kind: 'cpu', title: CPU_ITEM_TITLE });
    const members = await tx.find(CommitteeMember, { committee: cpu.id }, { orderBy: { id: 'asc' } });
    for (const m of members) tx.create(Attendance, { meeting, member: m, status: 'present', representedBy: '' });
    const made = requests.map((r, i) =>
      tx.create(Candidacy, {
        establishment: establishmentId,
        ...r,
        proposedBy: i === 1 ? 'cpip' : 'self',
        submittedOn: plusDays(sittingDay, -6 + i),
        motivation: r.target === 'session' ? 'Souhaite se former pour préparer sa sortie.' : 'Souhaite travailler et préparer sa sortie.',
      }),
    );
    await tx.flush();
    return { meetingId: meeting.id, candidacies: made.map((c) => c.id) };
  });
  if (candidacies.length === 0) return;
  const values: Record<string, string> = {};
  candidacies.forEach((id, i) => {
    values[`opinion-${id}`] = i === 2 ? 'unfavourable' : 'favourable';
    values[`reason-${id}`] = i === 2 ? 'Projet à préciser avec le CPIP avant une nouvelle demande.' : '';
  });
  await saveCpuSitting(em.fork(), secretary, meetingId, values);
  await em.fork().transactional(async (tx) => {
    const meeting = await tx.findOneOrFail(Meeting, meetingId);
    meeting.status = 'submitted';
    meeting.submittedAt = at(sittingDay, 12);
    meeting.submittedBy = tx.getReference(User, secretary.userId);
  });
  const approvedOn = plusDays(sittingDay, 1);
  await approveMinutes(em.fork(), secretary, meetingId, { approvedOn }, fixedClock(approvedOn));
}

const TECHNICAL_PLAN: MeetingPlan[] = [
  {
    ago: 84,
    place: 'Salle polyvalente',
    topics: [
      {
        title: 'Bilan des ateliers du trimestre',
        presenter: 'Coordination',
        discussion:
          'La coordination présente l’occupation des postes : la plupart des postes sont tenus, deux restent vacants faute de candidatures.\n\nPoints relevés :\n- les horaires d’ouverture conviennent aux structures ;\n- les absences pour rendez-vous médicaux pèsent sur la production ;\n- la liste d’attente s’allonge pour les ateliers les plus demandés.',
        decisions: ['Le comité valide le bilan du trimestre.', 'Les deux postes vacants sont proposés en priorité aux personnes sans activité.'],
        actions: [
          { title: 'Afficher les postes vacants dans les coursives', due: 14 },
          { title: 'Proposer un créneau de rendez-vous médical hors des heures d’atelier', due: 30, owner: 1 },
          { title: 'Étudier un second atelier de production', due: 60, owner: 1 },
        ],
      },
      {
        title: 'Sécurité et entretien des machines',
        presenter: 'Encadrant technique',
        discussion: 'Une machine est en panne depuis trois semaines : la structure attend le devis de réparation.',
      },
    ],
  },
  {
    ago: 42,
    place: 'Salle polyvalente',
    followUp: [
      { status: 'done', comment: 'Affiché le lendemain de la séance.' },
      { status: 'in_progress', comment: 'Accord de l’unité sanitaire sur le principe.' },
      { status: 'dropped', comment: 'Pas de local disponible cette année.' },
    ],
    topics: [
      {
        title: 'Formations à venir',
        presenter: 'Référent insertion',
        discussion:
          'Les sessions du semestre sont présentées ; les places sont en nombre suffisant pour la liste d’attente actuelle.\n\nLe comité demande un point sur les certifications obtenues à la prochaine séance.',
        decisions: ['Les candidatures aux formations sont examinées à la CPU du mois.'],
        actions: [
          { title: 'Présenter les certifications obtenues au semestre', due: 40 },
          { title: 'Mettre à jour le livret d’accueil des ateliers', due: 60, comment: 'Avec la coordination', owner: 3 },
        ],
      },
    ],
  },
  {
    ago: 14,
    place: 'Salle polyvalente',
    followUp: [
      { status: 'done', comment: 'Créneau du mardi matin réservé.' },
      { status: 'in_progress', comment: 'Chiffres attendus du GRETA.' },
      { status: 'open', comment: 'À reprendre avec la structure partenaire.' },
    ],
    topics: [
      {
        title: 'Préparation des entretiens annuels',
        presenter: 'Coordination',
        discussion: 'Chaque personne affectée depuis plus de six mois a un entretien avec son référent avant la fin de l’année.',
        decisions: ['Les entretiens annuels se tiennent avant la fin du mois prochain.'],
        actions: [{ title: 'Planifier les entretiens annuels', due: 21 }],
      },
    ],
  },
];

const STEERING_PLAN: MeetingPlan[] = [
  {
    ago: 90,
    place: 'Préfecture, salle Jean Moulin',
    topics: [
      {
        title: 'Lancement de l’évaluation du pilote',
        presenter: 'Présidence',
        discussion:
          'L’évaluation se fait en deux temps : la méthode d’abord, puis les résultats directs et indirects.\n\nLes partenaires conviennent des indicateurs suivis :\n- taux d’activité des personnes ;\n- heures de travail et de formation ;\n- sorties avec un projet d’emploi ou de formation.',
        decisions: ['Le comité adopte la liste des indicateurs suivis.'],
        actions: [
          { title: 'Transmettre les indicateurs du trimestre aux partenaires', due: 21 },
          { title: 'Organiser une réunion avec les employeurs du bassin', due: 45, owner: 2 },
        ],
      },
    ],
  },
  {
    ago: 49,
    place: 'Préfecture, salle Jean Moulin',
    followUp: [
      { status: 'done', comment: 'Envoyés par courriel.' },
      { status: 'in_progress', comment: 'Date à fixer avec France Travail.' },
    ],
    topics: [
      {
        title: 'Accès aux droits à la sortie',
        presenter: 'France Travail',
        discussion: 'France Travail et la mission locale proposent une inscription avant la sortie pour les personnes qui le souhaitent.',
        decisions: ['Une permanence mensuelle de France Travail est ouverte dans chaque établissement.'],
        actions: [{ title: 'Fixer le calendrier des permanences', due: 30, owner: 2 }],
      },
    ],
  },
  {
    ago: 17,
    place: 'Préfecture, salle Jean Moulin',
    followUp: [
      { status: 'dropped', comment: 'Remplacée par les permanences de France Travail.' },
      { status: 'in_progress', comment: 'Premières dates fixées avec les établissements.' },
    ],
    topics: [
      {
        title: 'Premiers résultats',
        presenter: 'Coordination',
        discussion: 'Les premiers résultats sont encourageants ; le comité demande un rapport d’évaluation pour la prochaine séance.',
        decisions: ['Le rapport d’évaluation intermédiaire est présenté à la prochaine séance.', 'Le comité se réunit tous les trimestres.'],
        actions: [{ title: 'Préparer le rapport d’évaluation intermédiaire', due: 35, owner: 1 }],
      },
    ],
  },
];
