import type { Child } from 'hono/jsx';
import { Table } from './inline.tsx';

/** A page holding a single editable row: inline editing without JavaScript. */
export function EditRowPage({ title, back, columns, children }: { title: string; back: string; columns: string[]; children: Child }) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={back}>
          Revenir à la liste
        </a>
      </p>
      <Table id="edition" caption={title} columns={columns}>
        <tbody>{children}</tbody>
      </Table>
    </>
  );
}
