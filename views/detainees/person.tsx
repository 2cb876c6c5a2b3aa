import type { Child } from 'hono/jsx';
import {
  type Assignment,
  END_REASON_LABELS,
  END_REASONS,
  ENROLLMENT_STATUS_LABELS,
  type Enrollment,
  type EnrollmentStatus,
  SUSPENSION_REASON_LABELS,
  SUSPENSION_REASONS,
  type SuspensionReason,
} from '../../src/assignments/entities.ts';
import type { TimedDay } from '../../src/assignments/outside-time.ts';
import { type AssignmentState, assignmentState, categoryWarning } from '../../src/assignments/rules.ts';
import type { IssuedAttestation } from '../../src/attestations/service.ts';
import { CANDIDACY_STATUS_LABELS, type Candidacy, type CandidacyStatus, PROPOSER_LABELS, PROPOSER_PHRASES, PROPOSERS } from '../../src/candidacies/entities.ts';
import { DETAINEE_STATUS_LABELS, type Detainee, type DetaineeStatus } from '../../src/detainees/entities.ts';
import { holdsOnOrAfter } from '../../src/holdings/rules.ts';
import type { LeaveBalance } from '../../src/leave/balance.ts';
import { type Day, daysBetween } from '../../src/platform/calendar.ts';
import { formatDay, formatMinutes, formatShortDay, formatSince, plural, workshopTitle } from '../../src/platform/format.ts';
import type { TrainingSession } from '../../src/training/entities.ts';
import type { Post, Workshop } from '../../src/workshops/entities.ts';
import { PAY_CATEGORY_SHORT_LABELS, type PayFloorRow } from '../../src/workshops/rules.ts';
import { AssignmentFields } from '../assignments/assignment-form.tsx';
import { OutsideTimeButtons, OutsideTimeChoice, OutsideTimeSummary } from '../assignments/outside-time.tsx';
import { AttestationSection } from '../attestations/person-section.tsx';
import { StateBadge } from '../components/assignment-state.tsx';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField, type Errors, Field, SelectField, type Values } from '../components/forms.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { LeaveBalanceSection } from '../leave/balance.tsx';

export function stateOf(a: Assignment, today: Day): AssignmentState {
  return assignmentState(
    {
      startsOn: a.startsOn,
      trialEndsOn: a.trialEndsOn,
      endedOn: a.endedOn ?? null,
      suspensions: a.suspensions.getItems().map((s) => ({ startsOn: s.startsOn, endsOn: s.endsOn ?? null })),
    },
    today,
  );
}

/** Which form of the page was refused, with what was typed and why. */
export interface FormFailure {
  form: string;
  values: Values;
  errors: Errors;
  /** Time already typed that the refused end, suspension or leaving would leave outside the contract: the user chooses. */
  outside?: { entries: TimedDay[]; cancelHref: string };
}

export interface PersonPageData {
  detainee: Detainee;
  today: Day;
  assignments: Assignment[];
  enrollments: Enrollment[];
  candidacies: Candidacy[];
  vacantPosts: Post[];
  sessions: Array<{ session: TrainingSession; free: number }>;
  workshops: Workshop[];
  allPosts: Post[];
  contractReference: string;
  /** Time typed outside the person's contracts (after an end, in a suspension, after leaving): unpaid, to correct. */
  outsideTime: TimedDay[];
  /** The pay floors with their dates: an assignment below its post's is flagged (D412-64). */
  floors: PayFloorRow[];
  /** Overtime of the calendar year so far (R412-54: at most 220 h), in minutes, with the cap in force. */
  yearOvertime?: { minutes: number; capMinutes: number };
  /** The leave balance explained (issue 19); absent for those who do not see individual data. */
  leave?: LeaveBalance;
  /** The attestations issued (issue 22, item 6). */
  attestations?: IssuedAttestation[];
  failure?: FormFailure;
}

function ActionForm({
  id,
  action,
  title,
  failure,
  defaults,
  children,
  submit,
}: {
  id: string;
  action: string;
  title: string;
  failure?: FormFailure;
  defaults: Values;
  children: (v: Values, e: Errors) => Child;
  submit: string;
}) {
  const mine = failure?.form === id;
  const values = mine ? failure.values : defaults;
  const errors = mine ? failure.errors : {};
  const outside = mine ? failure.outside : undefined;
  return (
    <section class="fr-accordion" id={`section-${id}`}>
      <h3 class="fr-accordion__title">
        <button type="button" class="fr-accordion__btn" aria-expanded={mine ? 'true' : 'false'} aria-controls={`volet-${id}`}>
          {title}
        </button>
      </h3>
      <div class={`fr-collapse${mine ? ' fr-collapse--expanded' : ''}`} id={`volet-${id}`}>
        {outside ? <OutsideTimeChoice id={id} message={errors._form ?? ''} entries={outside.entries} /> : null}
        {errors._form && !outside ? (
          <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
            <p>{errors._form}</p>
          </div>
        ) : null}
        <form method="post" action={action} novalidate class="atelier-form">
          <CsrfField />
          {children(values, errors)}
          {outside ? (
            <OutsideTimeButtons cancelHref={outside.cancelHref} />
          ) : (
            <button type="submit" class="fr-btn fr-btn--sm">
              {submit}
            </button>
          )}
        </form>
      </div>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: Child }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function targetLabel(c: Candidacy): string {
  if (c.post) return `Poste ${c.post.code} — ${c.post.title}`;
  if (c.workshop) return workshopTitle(c.workshop.name);
  if (c.session) return `Formation ${c.session.programme.title} (${formatShortDay(c.session.startsOn)})`;
  return '—';
}

interface Event {
  on: Day;
  text: string;
}

/** Everything that happened to the person, newest first. */
function timeline(d: PersonPageData): Event[] {
  const events: Event[] = [{ on: d.detainee.arrivalDate, text: 'Arrivée dans l’établissement' }];
  for (const c of d.candidacies) {
    events.push({ on: c.submittedOn, text: `Candidature : ${targetLabel(c)} (proposée par ${PROPOSER_PHRASES[c.proposedBy]})` });
    if (c.cpuOn) events.push({ on: c.cpuOn, text: `Avis ${c.cpuOpinion === 'favourable' ? 'favorable' : 'défavorable'} de la CPU : ${targetLabel(c)}` });
    if (c.closedOn && c.status !== 'refused')
      events.push({ on: c.closedOn, text: `Candidature close (${CANDIDACY_STATUS_LABELS[c.status as CandidacyStatus].toLowerCase()}) : ${targetLabel(c)}` });
  }
  for (const a of d.assignments) {
    events.push({ on: a.startsOn, text: `Affectation au poste ${a.post.code} (${a.post.workshop.name}), contrat ${a.contractReference}` });
    for (const s of a.suspensions.getItems()) {
      events.push({
        on: s.startsOn,
        text: `Suspension (${SUSPENSION_REASON_LABELS[s.reason as SuspensionReason].toLowerCase()}) du poste ${a.post.code}${s.endsOn ? ` jusqu’au ${formatShortDay(s.endsOn)}` : ''}`,
      });
    }
    if (a.endedOn && a.endReason) events.push({ on: a.endedOn, text: `Fin de l’affectation ${a.post.code} : ${END_REASON_LABELS[a.endReason]}` });
  }
  for (const e of d.enrollments) {
    events.push({ on: e.startsOn, text: `Entrée en formation : ${e.session.programme.title}` });
    if (e.endedOn) {
      events.push({
        on: e.endedOn,
        text:
          e.status === 'completed'
            ? `Formation terminée : ${e.session.programme.title}, certification ${e.certified ? 'obtenue' : 'non obtenue'}`
            : `Abandon de la formation ${e.session.programme.title} : ${e.dropReason}`,
      });
    }
  }
  // The leave balance settled on leaving (issue 19): paid out or lost, as the ledger says.
  for (const m of d.leave?.movements ?? []) if (m.kind === 'settlement') events.push({ on: m.day, text: `Congés : ${m.explanation}` });
  if (d.detainee.leftOn)
    events.push({
      on: d.detainee.leftOn,
      text: `${DETAINEE_STATUS_LABELS[d.detainee.status as DetaineeStatus]}${d.detainee.leftReason ? ` : ${d.detainee.leftReason}` : ''}`,
    });
  return events.sort((a, b) => b.on.localeCompare(a.on));
}

export function PersonPage(d: PersonPageData) {
  const p = d.detainee;
  const present = p.isPresent();
  const e = p.establishment;
  const failure = d.failure;
  const openAssignments = d.assignments.filter((a) => holdsOnOrAfter(a, d.today));
  const pastAssignments = d.assignments.filter((a) => !holdsOnOrAfter(a, d.today));
  return (
    <>
      <Breadcrumb
        items={[{ href: `/etablissements/${e.id}`, label: e.name }, { href: `/etablissements/${e.id}/personnes`, label: 'Personnes' }, { label: p.fullName() }]}
      />
      <div class="atelier-title-row">
        <h1>{p.fullName()}</h1>
        <p class={`fr-badge ${present ? 'fr-badge--success' : ''}`}>{DETAINEE_STATUS_LABELS[p.status as DetaineeStatus]}</p>
      </div>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <dl class="atelier-facts">
            <Fact label="Numéro d’écrou">
              <span class="atelier-code">{p.prisonNumber}</span>
            </Fact>
            <Fact label="Date de naissance">{formatDay(p.birthDate)}</Fact>
            <Fact label="Arrivée">{formatDay(p.arrivalDate)}</Fact>
            <Fact label="Libération prévue">{formatDay(p.expectedReleaseDate) || 'Non renseignée'}</Fact>
            {p.leftOn ? <Fact label="Sortie">{`${formatDay(p.leftOn)}${p.leftReason ? ` — ${p.leftReason}` : ''}`}</Fact> : null}
          </dl>
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <h2 class="fr-h6">Trinôme</h2>
          <dl class="atelier-facts">
            <Fact label="Surveillant">{[p.officerName, p.officerContact].filter(Boolean).join(' · ') || '—'}</Fact>
            <Fact label="CPIP">{[p.cpipName, p.cpipContact].filter(Boolean).join(' · ') || '—'}</Fact>
            <Fact label="Référent insertion">{[p.referentName, p.referentContact].filter(Boolean).join(' · ') || '—'}</Fact>
          </dl>
        </div>
      </div>
      <p>
        <a class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-edit-line fr-btn--icon-left" href={`/personnes/${p.id}/modifier`}>
          Modifier l’identité et le trinôme
        </a>{' '}
        <HistoryLink table="detainee" id={p.id} />
      </p>
      <OutsideTimeSummary entries={d.outsideTime} />
      {failure && failure.form === 'page' ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{failure.errors._form}</p>
        </div>
      ) : null}

      <h2 class="fr-mt-4w">Travail</h2>
      {d.yearOvertime ? (
        <p id="heures-supplementaires-annee">
          Heures supplémentaires en {d.today.slice(0, 4)} : {formatMinutes(d.yearOvertime.minutes)} sur {formatMinutes(d.yearOvertime.capMinutes)} au plus par
          an (code pénitentiaire, art. R412-54).
        </p>
      ) : null}
      {openAssignments.length === 0 ? <p>Aucune affectation en cours.</p> : null}
      {openAssignments.map((a) => (
        <AssignmentCard a={a} today={d.today} failure={failure} floors={d.floors} />
      ))}
      {present ? (
        <div class="fr-accordions-group fr-mb-4w">
          <ActionForm
            id="affectation"
            action={`/personnes/${p.id}/affectations`}
            title="Affecter à un poste"
            failure={failure}
            defaults={{ contractReference: d.contractReference, startsOn: d.today }}
            submit="Affecter"
          >
            {(v, er) => (
              <AssignmentFields
                idPrefix="affectation"
                posts={d.vacantPosts}
                values={v}
                errors={er}
                postsUrl={`/personnes/${p.id}/affectation/postes`}
                withWorkshop
              />
            )}
          </ActionForm>
        </div>
      ) : null}
      {pastAssignments.length > 0 ? (
        <>
          <h3 class="fr-h6">Affectations passées</h3>
          <ul>
            {pastAssignments.map((a) => (
              <li>
                {a.post.code} — {a.post.title} ({a.post.workshop.name}) du {formatShortDay(a.startsOn)} au {formatShortDay(a.endedOn)} :{' '}
                {a.endReason ? END_REASON_LABELS[a.endReason] : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 class="fr-mt-4w">Formation</h2>
      {d.enrollments.length === 0 ? <p>Aucune inscription.</p> : null}
      {d.enrollments.map((en) => (
        <EnrollmentCard en={en} today={d.today} failure={failure} />
      ))}
      {present ? (
        <div class="fr-accordions-group fr-mb-4w">
          <ActionForm
            id="inscription"
            action={`/personnes/${p.id}/inscriptions`}
            title="Inscrire à une session"
            failure={failure}
            defaults={{ startsOn: d.today }}
            submit="Inscrire"
          >
            {(v, er) => (
              <>
                <SelectField
                  idPrefix="inscription"
                  name="sessionId"
                  label="Session"
                  values={v}
                  errors={er}
                  options={d.sessions.map(
                    ({ session: s, free }) =>
                      [
                        String(s.id),
                        `${s.programme.title} — du ${formatShortDay(s.startsOn)} au ${formatShortDay(s.endsOn)} (${free > 0 ? plural(free, 'place libre', 'places libres') : 'complète'})`,
                      ] as const,
                  )}
                  required
                />
                <Field idPrefix="inscription" name="startsOn" label="Entrée en formation" type="date" values={v} errors={er} required />
              </>
            )}
          </ActionForm>
        </div>
      ) : null}

      <h2 class="fr-mt-4w">Candidatures</h2>
      {d.candidacies.length === 0 ? <p>Aucune candidature.</p> : null}
      {d.candidacies.map((c) => (
        <CandidacyCard c={c} today={d.today} failure={failure} />
      ))}
      {present ? (
        <div class="fr-accordions-group fr-mb-4w">
          <ActionForm
            id="candidature"
            action={`/personnes/${p.id}/candidatures`}
            title="Nouvelle candidature"
            failure={failure}
            defaults={{ submittedOn: d.today, proposedBy: 'self' }}
            submit="Enregistrer la candidature"
          >
            {(v, er) => (
              <>
                <SelectField
                  idPrefix="candidature"
                  name="target"
                  label="Demande"
                  values={v}
                  errors={er}
                  options={[]}
                  groups={[
                    { label: 'Un atelier (tout poste)', options: d.workshops.map((w) => [`atelier:${w.id}`, w.name] as const) },
                    { label: 'Un poste précis', options: d.allPosts.map((post) => [`poste:${post.id}`, `${post.code} — ${post.title}`] as const) },
                    {
                      label: 'Une session de formation',
                      options: d.sessions.map(({ session: s }) => [`session:${s.id}`, `${s.programme.title} (${formatShortDay(s.startsOn)})`] as const),
                    },
                  ]}
                  required
                />
                <SelectField
                  idPrefix="candidature"
                  name="proposedBy"
                  label="Proposée par"
                  values={v}
                  errors={er}
                  options={PROPOSERS.map((k) => [k, PROPOSER_LABELS[k]] as const)}
                  required
                />
                <Field idPrefix="candidature" name="submittedOn" label="Date de la demande" type="date" values={v} errors={er} required />
                <Field
                  idPrefix="candidature"
                  name="motivation"
                  label="Motivation"
                  values={v}
                  errors={er}
                  hint="Facultatif : ce que la personne attend de ce poste ou de cette formation."
                />
              </>
            )}
          </ActionForm>
        </div>
      ) : null}

      <h2 class="fr-mt-4w">Sortie de l’établissement</h2>
      {present ? (
        <div class="fr-accordions-group fr-mb-4w">
          {(
            [
              ['liberation', 'Enregistrer une libération', 'Enregistrer la libération'],
              ['transfert', 'Enregistrer un transfert', 'Enregistrer le transfert'],
            ] as const
          ).map(([id, title, submit]) => (
            <ActionForm id={id} action={`/personnes/${p.id}/${id}`} title={title} failure={failure} defaults={{ on: d.today }} submit={submit}>
              {(v, er) => (
                <>
                  <p class="fr-text--sm">
                    Les affectations en cours se terminent à cette date, les formations sont arrêtées et les candidatures closes. L’historique reste.
                  </p>
                  <Field idPrefix={id} name="on" label="Date" type="date" values={v} errors={er} required />
                  <Field idPrefix={id} name="reason" label="Précision" values={v} errors={er} hint="Facultatif" />
                </>
              )}
            </ActionForm>
          ))}
        </div>
      ) : (
        <form
          method="post"
          action={`/personnes/${p.id}/retour`}
          data-confirm="Annuler la sortie ? La personne redevient présente ; ce que la sortie avait terminé ce jour-là est rouvert quand c’est encore possible."
        >
          <CsrfField />
          <p>Sortie enregistrée par erreur ?</p>
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-arrow-go-back-line fr-btn--icon-left">
            Annuler la sortie
          </button>
        </form>
      )}

      {d.leave ? <LeaveBalanceSection leave={d.leave} establishmentId={d.detainee.establishment.id} /> : null}

      {d.attestations ? <AttestationSection detaineeId={p.id} assignments={d.assignments} issued={d.attestations} /> : null}

      <h2 class="fr-mt-4w">Chronologie</h2>
      <ul class="atelier-timeline" id="chronologie">
        {timeline(d).map((ev) => (
          <li>
            <span class="atelier-timeline__date">{formatShortDay(ev.on)}</span> {ev.text}
          </li>
        ))}
      </ul>
    </>
  );
}

function AssignmentCard({ a, today, failure, floors }: { a: Assignment; today: Day; failure?: FormFailure; floors: PayFloorRow[] }) {
  const state = stateOf(a, today);
  const warning = categoryWarning(a.post, a, floors);
  const open = a.suspensions.getItems().filter((s) => !s.endsOn || s.endsOn >= today);
  return (
    <div class="fr-card fr-card--no-arrow fr-mb-3w atelier-card" id={`affectation-${a.id}`}>
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">
            {a.post.code} — {a.post.title}
          </h3>
          <div class="fr-card__desc">
            <StateBadge state={state} />
            <dl class="atelier-facts fr-mt-2w">
              <Fact label="Atelier">{a.post.workshop.name}</Fact>
              <Fact label="Contrat">{a.contractReference}</Fact>
              <Fact label="Période">{`du ${formatDay(a.startsOn)}${a.contractEndsOn ? ` au ${formatDay(a.contractEndsOn)}` : ', sans date de fin'}`}</Fact>
              <Fact label="Période d’essai">{`${a.trialEndsOn < a.startsOn ? 'aucune (contrat de moins d’une semaine)' : `jusqu’au ${formatDay(a.trialEndsOn)}`}${a.trialChangeReason ? ` (modifiée : ${a.trialChangeReason})` : ''}`}</Fact>
              <Fact label="Temps de travail">{`${formatMinutes(a.weeklyMinutes)} par semaine`}</Fact>
              <Fact label="Rémunération">{PAY_CATEGORY_SHORT_LABELS[a.payCategory]}</Fact>
            </dl>
            {warning ? (
              <div class="fr-alert fr-alert--warning fr-alert--sm fr-mt-1w atelier-category-warning">
                <p>À corriger : {warning}</p>
              </div>
            ) : null}
            {open.map((s) => (
              <form method="post" action={`/suspensions/${s.id}/fin`} class="fr-mt-1w">
                <CsrfField />
                <p>
                  Suspendue depuis le {formatDay(s.startsOn)} ({SUSPENSION_REASON_LABELS[s.reason as SuspensionReason].toLowerCase()})
                  {s.endsOn ? ` jusqu’au ${formatDay(s.endsOn)}` : ''}.
                </p>
                <input type="hidden" name="on" value={today} />
                <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                  Reprise aujourd’hui
                </button>
              </form>
            ))}
            <div class="fr-accordions-group fr-mt-2w">
              <ActionForm
                id={`suspension-${a.id}`}
                action={`/affectations/${a.id}/suspension`}
                title="Suspendre"
                failure={failure}
                defaults={{ startsOn: today }}
                submit="Suspendre (le poste reste réservé)"
              >
                {(v, er) => (
                  <>
                    <Field idPrefix={`suspension-${a.id}`} name="startsOn" label="Du" type="date" values={v} errors={er} required />
                    <Field
                      idPrefix={`suspension-${a.id}`}
                      name="endsOn"
                      label="Au"
                      type="date"
                      values={v}
                      errors={er}
                      hint="Laissez vide si la fin n’est pas connue."
                    />
                    <SelectField
                      idPrefix={`suspension-${a.id}`}
                      name="reason"
                      label="Motif"
                      values={v}
                      errors={er}
                      options={SUSPENSION_REASONS.map((r) => [r, SUSPENSION_REASON_LABELS[r]] as const)}
                      required
                    />
                    <Field idPrefix={`suspension-${a.id}`} name="note" label="Précision" values={v} errors={er} />
                  </>
                )}
              </ActionForm>
              <ActionForm
                id={`essai-${a.id}`}
                action={`/affectations/${a.id}/essai`}
                title="Modifier la période d’essai"
                failure={failure}
                defaults={{ trialEndsOn: a.trialEndsOn }}
                submit="Enregistrer"
              >
                {(v, er) => (
                  <>
                    <Field idPrefix={`essai-${a.id}`} name="trialEndsOn" label="Fin de la période d’essai" type="date" values={v} errors={er} required />
                    <Field idPrefix={`essai-${a.id}`} name="reason" label="Motif du changement" values={v} errors={er} required />
                  </>
                )}
              </ActionForm>
              <ActionForm
                id={`fin-${a.id}`}
                action={`/affectations/${a.id}/fin`}
                title="Mettre fin à l’affectation"
                failure={failure}
                defaults={{ on: today }}
                submit="Mettre fin"
              >
                {(v, er) => (
                  <>
                    <Field idPrefix={`fin-${a.id}`} name="on" label="Dernier jour" type="date" values={v} errors={er} required />
                    <SelectField
                      idPrefix={`fin-${a.id}`}
                      name="reason"
                      label="Motif"
                      values={v}
                      errors={er}
                      options={END_REASONS.map((r) => [r, END_REASON_LABELS[r]] as const)}
                      required
                    />
                    <Field
                      idPrefix={`fin-${a.id}`}
                      name="note"
                      label="Précision"
                      values={v}
                      errors={er}
                      hint="Une fin de période d’essai exige un préavis de 24 heures (R412-31) : précisez qui y met fin."
                    />
                  </>
                )}
              </ActionForm>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

function EnrollmentCard({ en, today, failure }: { en: Enrollment; today: Day; failure?: FormFailure }) {
  const s = en.session;
  return (
    <div class="fr-card fr-card--no-arrow fr-mb-3w atelier-card" id={`inscription-${en.id}`}>
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">{s.programme.title}</h3>
          <div class="fr-card__desc">
            <p class="fr-badge fr-badge--sm">{ENROLLMENT_STATUS_LABELS[en.status as EnrollmentStatus]}</p>
            <p>
              Session du {formatDay(s.startsOn)} au {formatDay(s.endsOn)} · entrée le {formatDay(en.startsOn)}
              {en.status === 'completed' ? ` · terminée le ${formatDay(en.endedOn)}, certification ${en.certified ? 'obtenue' : 'non obtenue'}` : ''}
              {en.status === 'dropped' ? ` · abandon le ${formatDay(en.endedOn)} : ${en.dropReason}` : ''}
            </p>
            {en.status === 'enrolled' ? (
              <div class="fr-accordions-group">
                <ActionForm
                  id={`terminee-${en.id}`}
                  action={`/inscriptions/${en.id}/fin`}
                  title="Formation terminée"
                  failure={failure}
                  defaults={{ on: today < s.endsOn ? today : s.endsOn }}
                  submit="Enregistrer"
                >
                  {(v, er) => (
                    <>
                      <Field idPrefix={`terminee-${en.id}`} name="on" label="Date de fin" type="date" values={v} errors={er} required />
                      <SelectField
                        idPrefix={`terminee-${en.id}`}
                        name="certified"
                        label="Certification"
                        values={v}
                        errors={er}
                        options={[
                          ['oui', 'Obtenue'],
                          ['non', 'Non obtenue'],
                        ]}
                        required
                      />
                    </>
                  )}
                </ActionForm>
                <ActionForm
                  id={`abandon-${en.id}`}
                  action={`/inscriptions/${en.id}/abandon`}
                  title="Abandon"
                  failure={failure}
                  defaults={{ on: today }}
                  submit="Enregistrer l’abandon"
                >
                  {(v, er) => (
                    <>
                      <Field idPrefix={`abandon-${en.id}`} name="on" label="Date" type="date" values={v} errors={er} required />
                      <Field idPrefix={`abandon-${en.id}`} name="reason" label="Motif" values={v} errors={er} required />
                    </>
                  )}
                </ActionForm>
              </div>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

function CandidacyCard({ c, today, failure }: { c: Candidacy; today: Day; failure?: FormFailure }) {
  return (
    <div class="fr-card fr-card--no-arrow fr-mb-3w atelier-card" id={`candidature-${c.id}`}>
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">{targetLabel(c)}</h3>
          <div class="fr-card__desc">
            <p class="fr-badge fr-badge--sm">{CANDIDACY_STATUS_LABELS[c.status as CandidacyStatus]}</p>
            <p>
              Demandée le {formatDay(c.submittedOn)}, proposée par {PROPOSER_PHRASES[c.proposedBy]}
              {c.cpuOn ? ` · avis ${c.cpuOpinion === 'favourable' ? 'favorable' : 'défavorable'} de la CPU le ${formatDay(c.cpuOn)}` : ''}
              {c.status === 'approved' && c.cpuOn ? ` · en attente ${formatSince(daysBetween(c.cpuOn, today))}` : ''}
              {c.closedReason ? ` · ${c.closedReason}` : ''}
            </p>
            {c.motivation ? <p class="fr-text--sm">« {c.motivation} »</p> : null}
            {c.pinnedRank ? (
              <p class="fr-text--sm">
                Placée au rang {c.pinnedRank} par {c.pinnedBy?.displayName ?? '—'} : {c.pinnedReason}
              </p>
            ) : null}
            <div class="fr-accordions-group">
              {c.status === 'submitted' ? (
                <ActionForm
                  id={`avis-${c.id}`}
                  action={`/candidatures/${c.id}/avis`}
                  title="Avis de la CPU"
                  failure={failure}
                  defaults={{ on: today }}
                  submit="Enregistrer l’avis"
                >
                  {(v, er) => (
                    <>
                      <SelectField
                        idPrefix={`avis-${c.id}`}
                        name="opinion"
                        label="Avis"
                        values={v}
                        errors={er}
                        options={[
                          ['favourable', 'Favorable (inscrire sur liste d’attente)'],
                          ['unfavourable', 'Défavorable (clore la candidature)'],
                        ]}
                        required
                      />
                      <Field idPrefix={`avis-${c.id}`} name="on" label="Date de la CPU" type="date" values={v} errors={er} required />
                    </>
                  )}
                </ActionForm>
              ) : null}
              {c.status === 'approved' ? (
                <ActionForm
                  id={`rang-${c.id}`}
                  action={`/candidatures/${c.id}/rang`}
                  title="Déplacer dans la liste d’attente"
                  failure={failure}
                  defaults={{ rank: c.pinnedRank ?? 1 }}
                  submit="Déplacer"
                >
                  {(v, er) => (
                    <>
                      <Field idPrefix={`rang-${c.id}`} name="rank" label="Rang souhaité" type="number" min={1} values={v} errors={er} required />
                      <Field idPrefix={`rang-${c.id}`} name="reason" label="Motif" values={v} errors={er} required />
                    </>
                  )}
                </ActionForm>
              ) : null}
              {c.status === 'submitted' || c.status === 'approved' ? (
                <ActionForm
                  id={`retrait-${c.id}`}
                  action={`/candidatures/${c.id}/retrait`}
                  title="Retirer la candidature"
                  failure={failure}
                  defaults={{ on: today }}
                  submit="Retirer"
                >
                  {(v, er) => (
                    <>
                      <Field idPrefix={`retrait-${c.id}`} name="on" label="Date" type="date" values={v} errors={er} required />
                      <Field idPrefix={`retrait-${c.id}`} name="reason" label="Motif" values={v} errors={er} required />
                    </>
                  )}
                </ActionForm>
              ) : null}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
