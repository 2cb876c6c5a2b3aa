import type { Feature } from '../platform/feature.ts';
import { ROLES } from '../platform/roles.ts';
import { ActionItem, ActionUpdate, Attendance, Committee, CommitteeMember, CpuOpinion, Decision, Meeting, MeetingItem, MinutesEdition } from './entities.ts';
import { meetingRoutes } from './meeting-routes.tsx';
import { minutesRoutes } from './minutes-routes.tsx';
import { committeeRoutes, myActionsRoutes } from './routes.tsx';

const STATUS_VALUES = { open: 'À faire', in_progress: 'En cours', done: 'Faite', dropped: 'Abandonnée' };

/** Committees (issue 20): CPU, technical and steering committees, their meetings, minutes, decisions and action items. */
export const committeesFeature: Feature = {
  name: 'committees',
  entities: [Committee, CommitteeMember, Meeting, MeetingItem, Attendance, Decision, ActionItem, ActionUpdate, CpuOpinion, MinutesEdition],
  // Every role may be a member of a committee (docs/rules.md, Committees).
  menu: [{ href: '/comites', label: 'Comités', roles: ROLES }],
  routes: [
    { path: '/comites', app: committeeRoutes },
    { path: '/mes-actions', app: myActionsRoutes },
    { path: '/', app: meetingRoutes },
    { path: '/', app: minutesRoutes },
  ],
  constraints: {
    committee_code_unique: { field: 'code', message: 'Un autre comité utilise déjà ce code : choisissez-en un autre (par exemple en ajoutant la ville).' },
    committee_member_user_unique: { field: 'userId', message: 'Cette personne est déjà membre du comité.' },
    committee_member_one_chair: { field: 'role', message: 'Ce comité a déjà un président : retirez-le d’abord, ou choisissez un autre rôle.' },
    committee_member_one_secretary: { field: 'role', message: 'Ce comité a déjà un secrétaire : retirez-le d’abord, ou choisissez un autre rôle.' },
  },
  audited: {
    committee: {
      label: 'Comité',
      columns: { kind: 'Type', name: 'Nom', code: 'Code des décisions', quorum: 'Quorum', archived_at: 'Archivé le', created_by_id: 'Créé par' },
      values: {
        kind: {
          cpu: 'CPU',
          technical: 'Comité technique',
          departmental: 'Comité de pilotage départemental',
          regional: 'Comité de pilotage régional',
          other: 'Autre',
        },
      },
      references: { created_by_id: 'app_user' },
      naming: { select: 't.name', text: (r) => String(r.name), href: (r) => `/comites/${r.id}` },
    },
    committee_member: {
      label: 'Membre de comité',
      columns: {
        committee_id: 'Comité',
        user_id: 'Utilisateur',
        name: 'Nom',
        organisation: 'Organisme',
        function: 'Fonction',
        email: 'Courriel',
        role: 'Rôle',
        left_at: 'Parti le',
      },
      values: { role: { chair: 'Président', secretary: 'Secrétaire', member: 'Membre' } },
      references: { committee_id: 'committee', user_id: 'app_user' },
    },
    committee_meeting: {
      label: 'Réunion de comité',
      columns: {
        committee_id: 'Comité',
        starts_at: 'Date et heure',
        place: 'Lieu',
        video_link: 'Lien de visioconférence',
        status: 'État du compte rendu',
        edition: 'Version',
        correction_reason: 'Motif de la correction',
        submitted_at: 'Soumis le',
        submitted_by_id: 'Soumis par',
        approved_on: 'Approuvé le',
        approved_at: 'Approbation enregistrée le',
        approved_by_id: 'Approuvé par',
        created_by_id: 'Créée par',
      },
      values: { status: { draft: 'Brouillon', submitted: 'Soumis aux membres', approved: 'Approuvé' } },
      references: { committee_id: 'committee', submitted_by_id: 'app_user', approved_by_id: 'app_user', created_by_id: 'app_user' },
      naming: { select: 't.committee_id', text: () => 'Réunion', href: (r) => `/reunions/${r.id}` },
    },
    committee_decision: {
      label: 'Décision de comité',
      columns: {
        committee_id: 'Comité',
        meeting_id: 'Réunion',
        item_id: 'Point de l’ordre du jour',
        text: 'Décision',
        year: 'Année',
        number: 'Numéro',
        created_by_id: 'Saisie par',
      },
      references: { committee_id: 'committee', meeting_id: 'committee_meeting', created_by_id: 'app_user' },
    },
    action_item: {
      label: 'Action à suivre',
      columns: {
        committee_id: 'Comité',
        meeting_id: 'Réunion',
        item_id: 'Point de l’ordre du jour',
        title: 'Action',
        owner_member_id: 'Responsable',
        due_on: 'Échéance',
        status: 'État',
        comment: 'Commentaire',
        created_by_id: 'Saisie par',
        updated_at: 'Mise à jour le',
      },
      values: { status: STATUS_VALUES },
      kinds: { due_on: 'day' },
      references: { committee_id: 'committee', meeting_id: 'committee_meeting', owner_member_id: 'committee_member', created_by_id: 'app_user' },
    },
    cpu_opinion: {
      label: 'Avis de la CPU',
      columns: { meeting_id: 'Réunion', candidacy_id: 'Candidature', opinion: 'Avis', reason: 'Motif', created_by_id: 'Saisi par' },
      values: { opinion: { favourable: 'Favorable', unfavourable: 'Défavorable' } },
      references: { meeting_id: 'committee_meeting', candidacy_id: 'candidacy', created_by_id: 'app_user' },
    },
  },
};
