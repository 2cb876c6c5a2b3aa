import { ESTABLISHMENT_KIND_LABELS } from '../../src/establishments/entities.ts';
import type { EstablishmentRow } from '../../src/establishments/service.ts';
import { PARTNER_KIND_LABELS, type PartnerKind } from '../../src/partners/entities.ts';
import { plural } from '../../src/platform/format.ts';
import { ROLE_LABELS } from '../../src/platform/roles.ts';
import type { Scope } from '../../src/platform/scope.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { Table } from '../components/inline.tsx';

function Tile({ href, title, description }: { href: string; title: string; description: string }) {
  return (
    <div class="fr-col-12 fr-col-md-6 fr-col-lg-4">
      <div class="fr-tile fr-enlarge-link">
        <div class="fr-tile__body">
          <div class="fr-tile__content">
            <h2 class="fr-tile__title">
              <a href={href}>{title}</a>
            </h2>
            <p class="fr-tile__detail">{description}</p>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The tiles each person starts from, as their scope allows: set-up for the national team, their establishments for a coordinator. */
export function HomePage({
  name,
  scope,
  establishments,
  partnerName,
}: {
  name: string;
  scope: Scope;
  establishments: EstablishmentRow[];
  partnerName?: string;
}) {
  const ownEstablishments = scope.managesEstablishments && !scope.canManageEstablishments;
  return (
    <>
      <h1>Bonjour {name}</h1>
      <p class="fr-text--lead">
        Vous êtes connecté avec le rôle <strong>{ROLE_LABELS[scope.role]}</strong>
        {partnerName ? ` pour ${partnerName}` : ''}.
      </p>
      <div class="fr-grid-row fr-grid-row--gutters">
        {scope.canManageEstablishments ? (
          <Tile
            href="/etablissements"
            title="Établissements"
            description={`${plural(establishments.length, 'établissement actif', 'établissements actifs')} : créer, modifier, archiver.`}
          />
        ) : null}
        {scope.canManageAccounts ? (
          <Tile href="/admin/utilisateurs" title="Utilisateurs" description="Comptes, rôles et rattachements aux établissements et aux structures." />
        ) : null}
        {scope.canReadAuditTrail ? <Tile href="/admin/journal" title="Journal d’audit" description="Qui a changé quoi, et quand." /> : null}
        {ownEstablishments
          ? establishments.map(({ establishment: e }) => (
              <Tile
                href={`/etablissements/${e.id}`}
                title={e.name}
                description={`${ESTABLISHMENT_KIND_LABELS[e.kind]} · ${e.city} · ${plural(e.capacity, 'place', 'places')}`}
              />
            ))
          : null}
        {scope.isPartnerStaff ? <Tile href="/structure" title="Ma structure" description={partnerName ?? ''} /> : null}
        {scope.isCommitteeMember ? <Tile href="/comites" title="Mes comités" description="Séances, comptes rendus et actions à suivre." /> : null}
      </div>
      {ownEstablishments && establishments.length === 0 ? (
        <p>Vous n’êtes rattaché à aucun établissement actif. Demandez à l’administration de vous y rattacher.</p>
      ) : null}
    </>
  );
}

export function PartnerPage({ name, kind, rows }: { name: string; kind?: PartnerKind; rows: WorkshopRow[] }) {
  return (
    <>
      <h1>{name}</h1>
      {kind ? <p class="fr-badge fr-badge--info">{PARTNER_KIND_LABELS[kind]}</p> : null}
      <h2 class="fr-h4 fr-mt-4w">Vos ateliers</h2>
      {rows.length === 0 ? (
        <p>Aucun atelier de votre structure n’est encore ouvert dans Atelier. La coordination de l’établissement les crée ; ils apparaîtront ici.</p>
      ) : (
        <Table id="mes-ateliers" caption="Vos ateliers">
          <thead>
            <tr>
              <th scope="col">Atelier</th>
              <th scope="col">Établissement</th>
              <th scope="col">Activité</th>
              <th scope="col">Horaires</th>
              <th scope="col">Postes</th>
              <th scope="col">Heures</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ workshop: w, openPosts, frozenPosts }) => (
              <tr>
                <th scope="row">
                  <a href={`/ateliers/${w.id}`}>{w.name}</a>
                </th>
                <td>{w.establishment.name}</td>
                <td>{w.activity}</td>
                <td>{w.openingHours || '—'}</td>
                <td class="atelier-num">
                  {plural(openPosts, 'ouvert', 'ouverts')}
                  {frozenPosts > 0 ? <span class="fr-hint-text">{plural(frozenPosts, 'gelé', 'gelés')}</span> : null}
                </td>
                <td>
                  <a href={`/ateliers/${w.id}/pointage`}>Pointage de la semaine</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

export function CommitteesPage() {
  return (
    <>
      <h1>Mes comités</h1>
      <p>Vous n’êtes membre d’aucun comité pour le moment. La coordination vous inscrira aux comités techniques ou de pilotage qui vous concernent.</p>
    </>
  );
}
