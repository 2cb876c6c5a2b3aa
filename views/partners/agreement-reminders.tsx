import type { EndingAgreement } from '../../src/partners/agreements.ts';
import { formatDay } from '../../src/platform/format.ts';

/** « dans 12 jours », « demain », « aujourd’hui ». */
export function inDays(days: number): string {
  if (days === 0) return 'aujourd’hui';
  if (days === 1) return 'demain';
  return `dans ${days} jours`;
}

/** One reminder: « La convention <ref> avec <partner> (<establishment>) se termine le <date> (dans N jours) ». */
export function reminderText(a: EndingAgreement): string {
  return `La convention ${a.reference} avec ${a.partnerName} (${a.establishmentName}) se termine le ${formatDay(a.endsOn)} (${inDays(a.days)})`;
}

/**
 * The agreements ending within 60 days with nothing after them, on the coordinators' and the
 * partner's homes; nothing when there is none.
 */
export function AgreementReminders({ agreements }: { agreements: EndingAgreement[] }) {
  if (agreements.length === 0) return null;
  return (
    <section class="fr-mt-4w" id="conventions-a-renouveler" aria-labelledby="conventions-a-renouveler-titre">
      <h2 class="fr-h5" id="conventions-a-renouveler-titre">
        {agreements.length === 1 ? 'Une convention se termine bientôt' : `${agreements.length} conventions se terminent bientôt`}
      </h2>
      <ul>
        {agreements.map((a) => (
          <li>
            <a href={a.href}>{reminderText(a)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
