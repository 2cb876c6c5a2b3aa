import { createContext, useContext } from 'hono/jsx';
import type { EstablishmentSection } from '../../src/platform/navigation.ts';

/** The CSRF token of the request being rendered; every form reads it from here. */
export const CsrfContext = createContext('');

export function useCsrf(): string {
  return useContext(CsrfContext);
}

/** The sections of an establishment's pages, as the features declare them. */
export const EstablishmentSectionsContext = createContext<readonly EstablishmentSection[]>([]);
