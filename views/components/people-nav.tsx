import type { Establishment } from '../../src/establishments/entities.ts';
import { EstablishmentNav } from './setup-nav.tsx';

/** The pages that follow an establishment's people draw the establishment's one menu. */
export function PeopleNav({ establishment, current }: { establishment: Establishment; current: 'personnes' | 'tableau' | 'sans-activite' }) {
  return <EstablishmentNav establishment={establishment} current={current} />;
}
