import type { EntityManager } from '@mikro-orm/postgresql';
import type { Scope } from '../platform/scope.ts';
import { AuditEvent } from './entities.ts';

export const AUDITED_ENTITIES: Record<string, string> = {
  establishment: 'Établissement',
  partner: 'Partenaire',
  app_user: 'Utilisateur',
  establishment_membership: 'Rattachement à un établissement',
  workshop: 'Atelier',
  post: 'Poste',
  training_programme: 'Formation',
  training_session: 'Session de formation',
  pay_floor: 'Plancher de rémunération',
  detainee: 'Personne',
  candidacy: 'Candidature',
  assignment: 'Affectation',
  assignment_suspension: 'Suspension',
  enrollment: 'Inscription en formation',
  smic_rate: 'SMIC horaire',
  timesheet_week: 'Semaine de pointage',
  time_entry: 'Pointage',
};

export const AUDIT_ACTIONS: Record<string, string> = {
  create: 'Création',
  update: 'Modification',
  archive: 'Archivage',
  restore: 'Restauration',
  delete: 'Suppression',
};

export interface AuditFilters {
  entity?: string;
  action?: string;
  actorId?: number;
  entityId?: string;
  from?: Date;
  to?: Date;
  page: number;
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(em: EntityManager, scope: Scope, f: AuditFilters): Promise<{ events: AuditEvent[]; total: number }> {
  scope.require('admin');
  const where: Record<string, unknown> = {};
  if (f.entity) where.entity = f.entity;
  if (f.action) where.action = f.action;
  if (f.actorId) where.actor = f.actorId;
  if (f.entityId) where.entityId = f.entityId;
  if (f.from || f.to) where.occurredAt = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lt: f.to } : {}) };
  const [events, total] = await em.findAndCount(AuditEvent, where, {
    orderBy: { occurredAt: 'desc', id: 'desc' },
    limit: AUDIT_PAGE_SIZE,
    offset: (f.page - 1) * AUDIT_PAGE_SIZE,
    populate: ['actor'],
  });
  return { events, total };
}

/** French names of the audited columns; columns not listed here are bookkeeping and not shown. */
export const AUDITED_FIELDS: Record<string, string> = {
  name: 'Nom',
  kind: 'Type',
  city: 'Commune',
  capacity: 'Capacité',
  archived_at: 'Archivé le',
  email: 'Adresse électronique',
  display_name: 'Prénom et nom',
  role: 'Rôle',
  active: 'Actif',
  partner_id: 'Structure partenaire (n°)',
  password_changed_at: 'Mot de passe changé le',
  user_id: 'Utilisateur (n°)',
  establishment_id: 'Établissement (n°)',
  siret: 'SIRET',
  contact_name: 'Contact',
  contact_email: 'Courriel du contact',
  contact_phone: 'Téléphone du contact',
  activity: 'Activité',
  iae_type: 'Insertion (IAE)',
  opening_hours: 'Horaires',
  workshop_id: 'Atelier (n°)',
  title: 'Intitulé',
  code: 'Code',
  weekly_minutes: 'Minutes par semaine',
  pay_category: 'Catégorie de rémunération',
  status: 'État',
  provider: 'Organisme',
  certification_code: 'Certification',
  hours: 'Durée (heures)',
  programme_id: 'Formation (n°)',
  starts_on: 'Début',
  ends_on: 'Fin',
  places: 'Places',
  paid: 'Rémunérée',
  category: 'Catégorie',
  effective_from: 'En vigueur le',
  floor_basis_points: 'Plancher (points de base)',
  prison_number: 'Numéro d’écrou',
  last_name: 'Nom',
  first_name: 'Prénom',
  birth_date: 'Date de naissance',
  arrival_date: 'Arrivée',
  expected_release_date: 'Libération prévue',
  left_on: 'Sortie le',
  left_reason: 'Motif de sortie',
  detainee_id: 'Personne (n°)',
  post_id: 'Poste (n°)',
  session_id: 'Session (n°)',
  assignment_id: 'Affectation (n°)',
  enrollment_id: 'Inscription (n°)',
  target: 'Demande',
  cpu_opinion: 'Avis de la CPU',
  cpu_on: 'Date de la CPU',
  pinned_rank: 'Rang choisi',
  pinned_reason: 'Motif du rang',
  closed_on: 'Close le',
  contract_reference: 'Contrat',
  contract_ends_on: 'Fin du contrat',
  trial_ends_on: 'Fin de la période d’essai',
  trial_change_reason: 'Motif du changement d’essai',
  ended_on: 'Fin',
  end_reason: 'Motif de fin',
  reason: 'Motif',
  certified: 'Certification obtenue',
  drop_reason: 'Motif d’abandon',
  day: 'Jour',
  minutes: 'Minutes',
  absence_code: 'Absence',
  overtime_reason: 'Motif des heures supplémentaires',
  is_adjustment: 'Ajustement',
  adjustment_reason: 'Motif de l’ajustement',
  week_start: 'Semaine du',
  reopen_reason: 'Motif de réouverture',
  hourly_cents: 'Montant (centimes)',
  pay_basis_points: 'Taux du poste (points de base)',
};

/** The fields a change touched, with their values before and after. */
export function changedFields(event: AuditEvent): Array<{ field: string; before: unknown; after: unknown }> {
  const ignored = new Set(Object.keys({ ...event.before, ...event.after }).filter((k) => !(k in AUDITED_FIELDS)));
  const keys = new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})]);
  return [...keys]
    .filter((k) => !ignored.has(k))
    .filter((k) => JSON.stringify(event.before?.[k]) !== JSON.stringify(event.after?.[k]))
    .map((field) => ({ field, before: event.before?.[field], after: event.after?.[field] }));
}
