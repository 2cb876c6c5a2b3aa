import type { Feature } from '../platform/feature.ts';
import { agreementRoutes } from './agreement-routes.tsx';
import { PARTNER_KIND_LABELS, Partner } from './entities.ts';
import { invitationRoutes } from './invitation-routes.tsx';
import { PartnerAgreement, PartnerContact, PartnerInvitation } from './profile-entities.ts';
import { profileRoutes } from './profile-routes.tsx';
import { partnerRoutes } from './routes.tsx';
import { teamRoutes } from './team-routes.tsx';

export const partnersFeature: Feature = {
  name: 'partners',
  entities: [Partner, PartnerContact, PartnerAgreement, PartnerInvitation],
  audited: {
    partner: {
      label: 'Partenaire',
      columns: {
        name: 'Nom',
        kind: 'Type',
        siret: 'SIRET',
        contact_name: 'Contact',
        contact_email: 'Courriel du contact',
        contact_phone: 'Téléphone du contact',
        address: 'Adresse',
        website: 'Site internet',
        description: 'Présentation',
        archived_at: 'Archivé le',
      },
      values: { kind: PARTNER_KIND_LABELS },
      naming: { select: 't.name', text: (r) => String(r.name), href: (r) => `/partenaires?${new URLSearchParams({ q: String(r.name), archives: '' })}` },
    },
    partner_contact: {
      label: 'Contact d’une structure',
      columns: { partner_id: 'Structure partenaire', name: 'Nom', function: 'Fonction', email: 'Courriel', phone: 'Téléphone' },
      references: { partner_id: 'partner' },
      naming: { select: 't.name', text: (r) => String(r.name) },
    },
    partner_agreement: {
      label: 'Convention',
      columns: {
        partner_id: 'Structure partenaire',
        establishment_id: 'Établissement',
        reference: 'Référence',
        title: 'Objet',
        starts_on: 'Début',
        ends_on: 'Fin',
        signed_on: 'Signée le',
        notes: 'Notes',
        created_by_id: 'Saisie par',
      },
      kinds: { starts_on: 'day', ends_on: 'day', signed_on: 'day' },
      references: { partner_id: 'partner', establishment_id: 'establishment', created_by_id: 'app_user' },
      naming: { select: 't.reference', text: (r) => `Convention ${r.reference}` },
    },
    partner_invitation: {
      label: 'Invitation d’un collègue',
      columns: {
        partner_id: 'Structure partenaire',
        email: 'Adresse électronique',
        display_name: 'Prénom et nom',
        expires_at: 'Expire le',
        used_at: 'Utilisée le',
        used_by_id: 'Compte créé',
        revoked_at: 'Annulée le',
        created_by_id: 'Invité par',
      },
      kinds: { expires_at: 'instant', used_at: 'instant', revoked_at: 'instant' },
      references: { partner_id: 'partner', used_by_id: 'app_user', created_by_id: 'app_user' },
      naming: { select: 't.email', text: (r) => `Invitation de ${r.email}` },
    },
  },
  constraints: {
    partner_agreement_reference_unique: { field: 'reference', message: 'Une convention de cette structure porte déjà cette référence dans cet établissement.' },
    partner_agreement_dates: { field: 'endsOn', message: 'La fin de la convention ne peut pas précéder son début.' },
    partner_invitation_pending_unique: {
      field: 'email',
      message: 'Une invitation est déjà en attente pour cette adresse : annulez-la avant d’en envoyer une nouvelle.',
    },
    partner_name_unique: { field: 'name', message: 'Une structure porte déjà ce nom (peut-être archivée).' },
    partner_siret_unique: { field: 'siret', message: 'Une autre structure porte déjà ce SIRET.' },
  },
  menu: [{ href: '/partenaires', label: 'Partenaires', roles: ['admin', 'coordinator'] }],
  routes: [
    { path: '/partenaires', app: partnerRoutes },
    { path: '/partenaires', app: agreementRoutes },
    { path: '/structure', app: profileRoutes },
    { path: '/structure/equipe', app: teamRoutes },
    // Public: a colleague opens the invitation's link before having an account.
    { path: '/invitation', app: invitationRoutes, public: true },
  ],
};
