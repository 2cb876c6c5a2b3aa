import type { EntityManager } from '@mikro-orm/postgresql';
import { type Day, toDay } from '../platform/calendar.ts';
import { formatBasisPoints, formatDateTime, formatDay, formatMinutes, formatNumber, plural } from '../platform/format.ts';
import type { Scope } from '../platform/scope.ts';
import { listSessions } from '../training/service.ts';
import { POST_STATUS_LABELS, type PostStatus } from '../workshops/entities.ts';
import { IAE_TYPE_LABELS, PAY_CATEGORY_SHORT_LABELS, payFloorOn } from '../workshops/rules.ts';
import { listPosts, listWorkshops, payFloors, postOccupancy } from '../workshops/service.ts';
import { ESTABLISHMENT_KIND_LABELS } from './entities.ts';
import { findEstablishment } from './service.ts';
import type { SheetData } from './sheet.pdf.ts';

/** Gathers the establishment sheet's data as of the instant `now`, within the caller's scope. */
export async function establishmentSheet(em: EntityManager, scope: Scope, establishmentId: number, now: Date): Promise<SheetData> {
  scope.must(scope.managesEstablishments);
  const establishment = await findEstablishment(em, scope, establishmentId);
  const today = toDay(now);
  const [workshops, posts, sessions, floors] = await Promise.all([
    listWorkshops(em, scope, establishmentId, today),
    listPosts(em, scope, establishmentId),
    listSessions(em, scope, establishmentId),
    payFloors(em),
  ]);
  const occupancy = await postOccupancy(em, posts, today);
  const filled = (id: number) => occupancy.get(id)?.holder != null;
  const current = sessions.filter((s) => s.endsOn >= today);
  const places = current.reduce((n, s) => n + s.places, 0);
  const open = posts.filter((p) => p.status === 'open').length;
  const occupied = posts.filter((p) => filled(p.id)).length;
  return {
    establishment: {
      name: establishment.name,
      kind: ESTABLISHMENT_KIND_LABELS[establishment.kind],
      city: establishment.city,
      capacity: plural(establishment.capacity, 'place', 'places'),
    },
    generatedAt: now,
    generatedAtLabel: formatDateTime(now),
    // The words of the overview and of the lists: « postes ouverts », « occupés », « places de formation ».
    summary: `${plural(workshops.length, 'atelier', 'ateliers')}, ${plural(posts.length, 'poste', 'postes')} dont ${formatNumber(open)} ouvert${open > 1 ? 's' : ''} et ${formatNumber(occupied)} occupé${occupied > 1 ? 's' : ''} aujourd’hui, ${plural(current.length, 'session de formation', 'sessions de formation')} en cours ou à venir pour ${plural(places, 'place de formation', 'places de formation')}.`,
    workshops: workshops.map(({ workshop: w, occupied: held, openPosts, frozenPosts }) => ({
      name: w.name,
      partner: w.partner.name,
      activity: w.activity,
      iae: IAE_TYPE_LABELS[w.iaeType],
      openingHours: w.openingHours,
      occupancy: `${formatNumber(held)}/${formatNumber(openPosts + frozenPosts)} postes occupés`,
      posts: posts
        .filter((p) => p.workshop.id === w.id)
        .map((p) => {
          const floor = payFloorOn(p.payCategory, today, floors);
          return {
            code: p.code,
            title: p.title,
            hours: formatMinutes(p.weeklyMinutes),
            pay: `${PAY_CATEGORY_SHORT_LABELS[p.payCategory]}${p.payBasisPoints ? `, ${formatBasisPoints(p.payBasisPoints)} du SMIC` : floor != null ? `, plancher ${formatBasisPoints(floor)} du SMIC` : ''}`,
            // Occupied or vacant, never the holder's name: the sheet is printed and passed around.
            occupancy: `${filled(p.id) ? 'Occupé' : 'Vacant'}${p.status === 'open' ? '' : ` (${POST_STATUS_LABELS[p.status as PostStatus].toLocaleLowerCase('fr')})`}`,
          };
        }),
    })),
    sessions: current.map((s) => ({
      title: s.programme.title,
      provider: s.programme.provider,
      certification: s.programme.certificationCode ?? '—',
      dates: `du ${formatDay(s.startsOn)} au ${formatDay(s.endsOn)}`,
      places: formatNumber(s.places),
      paid: s.paid ? 'oui' : 'non',
    })),
  };
}

/** A file name without accents or spaces: "fiche-etablissement-inserre-d-arras-2026-11-26.pdf". */
export function sheetFileName(name: string, day: Day): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `fiche-${slug}-${day}.pdf`;
}
