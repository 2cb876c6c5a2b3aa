import { createContext, useContext } from 'hono/jsx';

/** The CSRF token of the request being rendered; every form reads it from here. */
export const CsrfContext = createContext('');

export function useCsrf(): string {
  return useContext(CsrfContext);
}
