import type { Child } from 'hono/jsx';
import { PARTNER_KIND_LABELS, type Partner } from '../../src/partners/entities.ts';
import type { Profile } from '../../src/partners/profile.ts';
import type { PartnerAgreement, PartnerContact } from '../../src/partners/profile-entities.ts';
import type { Day } from '../../src/platform/calendar.ts';
import { formatShortDay, plural } from '../../src/platform/format.ts';
import type { WorkshopRow } from '../../src/workshops/service.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { ActionButton, CsrfField, type Errors, Field, FormErrorSummary, type Values } from '../components/forms.tsx';
import { Table } from '../components/inline.tsx';
import { AgreementStateBadge, TextArea } from './agreements.tsx';

export interface ProfileForm {
  values: Values;
  errors: Errors;
  /** Someone saved meanwhile: show what is stored, with the message. */
  stale?: boolean;
}

export interface ProfileForms {
  /** The organisation's details refused, with their errors. */
  details?: ProfileForm;
  /** A new contact refused, with its errors. */
  contact?: ProfileForm;
}

export function organisationValues(p: Partner): Values {
  return {
    address: p.address,
    website: p.website,
    description: p.description,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    version: p.version,
  };
}

export function contactValues(c: PartnerContact): Values {
  return { name: c.name, function: c.function, email: c.email, phone: c.phone, version: c.version };
}

function FormError({ errors }: { errors: Errors }) {
  return errors._form ? (
    <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
      <p>{errors._form}</p>
    </div>
  ) : null;
}

/** « Ma structure »: the organisation's details, its workshops, contacts, agreements and team (`team`, helper E's section). */
export function ProfilePage({ profile, today, forms = {}, team }: { profile: Profile; today: Day; forms?: ProfileForms; team?: Child }) {
  const { partner } = profile;
  return (
    <>
      <h1>{partner.name}</h1>
      <p class="fr-badge fr-badge--info">{PARTNER_KIND_LABELS[partner.kind]}</p>
      <Details profile={profile} form={forms.details} />
      <Workshops rows={profile.workshops} />
      <Contacts profile={profile} form={forms.contact} />
      <Agreements agreements={profile.agreements} today={today} />
      {team ?? null}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: Child }) {
  return (
    <section id={id} aria-labelledby={`${id}-titre`} class="fr-mt-4w">
      <h2 id={`${id}-titre`} class="fr-h4">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Line({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt class="fr-text--bold fr-mb-0">{label}</dt>
      <dd class="fr-mb-1w fr-ml-0">{children}</dd>
    </>
  );
}

function Details({ profile, form }: { profile: Profile; form?: ProfileForm }) {
  const { partner: p, canManage } = profile;
  const catalogue = (
    <dl id="structure-catalogue">
      <Line label="Nom">{p.name}</Line>
      <Line label="Type">{PARTNER_KIND_LABELS[p.kind]}</Line>
      <Line label="SIRET">{p.siret ?? 'Non renseigné'}</Line>
    </dl>
  );
  if (!canManage) {
    return (
      <Section id="coordonnees" title="Coordonnées">
        {catalogue}
        <dl id="structure-coordonnees">
          <Line label="Adresse">{p.address || 'Non renseignée'}</Line>
          <Line label="Site internet">{p.website ? <a href={p.website}>{p.website}</a> : 'Non renseigné'}</Line>
          <Line label="Présentation">{p.description || 'Non renseignée'}</Line>
          <Line label="Contact principal">{[p.contactName, p.contactEmail, p.contactPhone].filter(Boolean).join(', ') || 'Non renseigné'}</Line>
        </dl>
        <p class="fr-text--sm">L’administrateur de votre structure dans Atelier met ces informations à jour.</p>
      </Section>
    );
  }
  const errors = form?.errors ?? {};
  const values = form && !form.stale ? form.values : organisationValues(p);
  return (
    <Section id="coordonnees" title="Coordonnées">
      {catalogue}
      <p class="fr-text--sm">Le nom, le type et le SIRET sont tenus par la coordination des établissements : écrivez-lui pour les corriger.</p>
      <form method="post" action="/structure" id="form-coordonnees" novalidate>
        <FormErrorSummary errors={errors} />
        <FormError errors={errors} />
        <CsrfField />
        <input type="hidden" name="version" value={String(values.version ?? p.version)} />
        <TextArea name="address" label="Adresse" max={300} values={values} errors={errors} />
        <Field name="website" label="Site internet" hint="Par exemple https://www.association.fr." values={values} errors={errors} />
        <TextArea
          name="description"
          label="Présentation"
          hint="Ce que fait la structure, en quelques lignes, pour les équipes des établissements."
          max={1000}
          values={values}
          errors={errors}
        />
        <Field name="contactName" label="Contact principal : nom" values={values} errors={errors} />
        <Field name="contactEmail" label="Contact principal : adresse électronique" type="email" values={values} errors={errors} />
        <Field name="contactPhone" label="Contact principal : téléphone" values={values} errors={errors} />
        <button type="submit" class="fr-btn">
          Enregistrer les coordonnées
        </button>
      </form>
    </Section>
  );
}

function Workshops({ rows }: { rows: WorkshopRow[] }) {
  return (
    <Section id="ateliers" title="Vos ateliers">
      {rows.length === 0 ? (
        <p>Aucun atelier de votre structure n’est encore ouvert dans Atelier. La coordination de l’établissement les crée ; ils apparaîtront ici.</p>
      ) : (
        <Table id="mes-ateliers" caption="Vos ateliers" columns={['Atelier', 'Établissement', 'Activité', 'Horaires', 'Postes', 'Suivi']}>
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
                  <br />
                  <a href={`/ateliers/${w.id}/journal`}>Journal d’activité</a>
                  <br />
                  <a href={`/ateliers/${w.id}/candidats`}>Proposer un candidat</a>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}

function ContactFields({ values, errors }: ProfileForm) {
  return (
    <>
      <Field name="name" label="Nom" required values={values} errors={errors} />
      <Field name="function" label="Fonction" hint="Par exemple : encadrante technique." values={values} errors={errors} />
      <Field name="email" label="Adresse électronique" type="email" values={values} errors={errors} />
      <Field name="phone" label="Téléphone" values={values} errors={errors} />
    </>
  );
}

function Contacts({ profile, form }: { profile: Profile; form?: ProfileForm }) {
  const { contacts, canManage } = profile;
  const columns = ['Nom', 'Fonction', 'Adresse électronique', 'Téléphone', ...(canManage ? ['Actions'] : [])];
  return (
    <Section id="contacts" title="Contacts">
      {contacts.length === 0 ? (
        <p>Aucun contact n’est enregistré.</p>
      ) : (
        <Table id="liste-contacts" caption="Contacts de la structure" columns={columns}>
          <tbody>
            {contacts.map((c) => (
              <tr id={`contact-${c.id}`}>
                <th scope="row">{c.name}</th>
                <td>{c.function || '—'}</td>
                <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
                <td>{c.phone || '—'}</td>
                {canManage ? (
                  <td>
                    <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`/structure/contacts/${c.id}`}>
                      Modifier
                    </a>{' '}
                    <ActionButton action={`/structure/contacts/${c.id}/suppression`} label="Retirer" secondary confirm={`Retirer ${c.name} des contacts ?`} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {canManage ? (
        <form method="post" action="/structure/contacts" id="ajout-contact" novalidate class="fr-mt-2w">
          <h3 class="fr-h6">Ajouter un contact</h3>
          <FormError errors={form?.errors ?? {}} />
          <CsrfField />
          <ContactFields values={form?.values ?? {}} errors={form?.errors ?? {}} />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Ajouter le contact
          </button>
        </form>
      ) : null}
    </Section>
  );
}

function Agreements({ agreements, today }: { agreements: PartnerAgreement[]; today: Day }) {
  return (
    <Section id="conventions" title="Conventions">
      {agreements.length === 0 ? (
        <p>Aucune convention n’est enregistrée. La coordination de l’établissement les saisit.</p>
      ) : (
        <Table id="liste-conventions" caption="Conventions de la structure" columns={['Référence', 'Objet', 'Établissement', 'Du', 'Au', 'Signée le', 'État']}>
          <tbody>
            {agreements.map((a) => (
              <tr id={`convention-${a.id}`}>
                <th scope="row">
                  <a href={`/structure/conventions/${a.id}`}>{a.reference}</a>
                </th>
                <td>{a.title || '—'}</td>
                <td>{a.establishment.name}</td>
                <td>{formatShortDay(a.startsOn)}</td>
                <td>{formatShortDay(a.endsOn)}</td>
                <td>{a.signedOn ? formatShortDay(a.signedOn) : 'Non signée'}</td>
                <td>
                  <AgreementStateBadge agreement={a} today={today} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}

/** One agreement, as its partner reads it (no internal notes). */
export function MyAgreementPage({ agreement: a, today }: { agreement: PartnerAgreement; today: Day }) {
  return (
    <>
      <Breadcrumb items={[{ href: '/structure#conventions', label: 'Ma structure' }, { label: `Convention ${a.reference}` }]} />
      <h1>Convention {a.reference}</h1>
      <AgreementStateBadge agreement={a} today={today} />
      <dl class="fr-mt-2w" id="convention">
        <Line label="Objet">{a.title || 'Non renseigné'}</Line>
        <Line label="Établissement">{a.establishment.name}</Line>
        <Line label="Du">{formatShortDay(a.startsOn)}</Line>
        <Line label="Au">{formatShortDay(a.endsOn)}</Line>
        <Line label="Signée le">{a.signedOn ? formatShortDay(a.signedOn) : 'Non signée'}</Line>
      </dl>
    </>
  );
}

export function ContactEditPage({ contact, form }: { contact: PartnerContact; form: ProfileForm }) {
  return (
    <>
      <Breadcrumb items={[{ href: '/structure#contacts', label: 'Ma structure' }, { label: contact.name }]} />
      <h1>Modifier le contact {contact.name}</h1>
      <form method="post" action={`/structure/contacts/${contact.id}`} id="modification-contact" novalidate>
        <FormErrorSummary errors={form.errors} />
        <FormError errors={form.errors} />
        <CsrfField />
        <input type="hidden" name="version" value={String(form.values.version ?? contact.version)} />
        <ContactFields {...form} />
        <ul class="fr-btns-group fr-btns-group--inline">
          <li>
            <button type="submit" class="fr-btn">
              Enregistrer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href="/structure#contacts">
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </>
  );
}
