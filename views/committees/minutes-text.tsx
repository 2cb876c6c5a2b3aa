import type { DiffLine } from '../../src/committees/minutes.ts';

/**
 * The text of the minutes as typed: paragraphs on blank lines, lines starting with « - » as a
 * list, line breaks kept. Every character is escaped by JSX: no HTML a user typed is ever rendered.
 */
export function MinutesText({ text }: { text: string }) {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0);
  if (blocks.length === 0) return <p class="fr-text--sm fr-text-mention--grey">Aucun texte pour ce point.</p>;
  return <div class="atelier-minutes-text">{blocks.map((lines) => groups(lines).map(Group))}</div>;
}

type LineGroup = { list: boolean; lines: string[] };

/** Consecutive « - » lines make one list; the other lines one paragraph. */
function groups(lines: string[]): LineGroup[] {
  const out: LineGroup[] = [];
  for (const line of lines) {
    const item = /^\s*[-–•]\s+(.*)$/.exec(line);
    const list = item !== null;
    const text = item ? (item[1] ?? '') : line.trim();
    const last = out.at(-1);
    if (last && last.list === list) last.lines.push(text);
    else out.push({ list, lines: [text] });
  }
  return out;
}

function Group({ list, lines }: LineGroup) {
  if (list)
    return (
      <ul>
        {lines.map((l) => (
          <li>{l}</li>
        ))}
      </ul>
    );
  return <p>{lines.flatMap((l, i) => (i === 0 ? [l] : [<br />, l]))}</p>;
}

/** What changed against the approved edition: removed lines struck out, added lines underlined, each also said in words. */
export function DiffText({ lines, empty = 'Aucun changement.' }: { lines: DiffLine[]; empty?: string }) {
  if (!lines.some((l) => l.kind !== 'same')) return <p class="fr-text--sm fr-text-mention--grey">{empty}</p>;
  return (
    <ul class="atelier-diff fr-text--sm">
      {lines.map((line) =>
        line.kind === 'removed' ? (
          <li>
            <span class="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon">Retiré</span> <del>{line.text}</del>
          </li>
        ) : line.kind === 'added' ? (
          <li>
            <span class="fr-badge fr-badge--sm fr-badge--success fr-badge--no-icon">Ajouté</span> <ins>{line.text}</ins>
          </li>
        ) : (
          <li>
            <span class="fr-badge fr-badge--sm fr-badge--no-icon">Inchangé</span> {line.text}
          </li>
        ),
      )}
    </ul>
  );
}
