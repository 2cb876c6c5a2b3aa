import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/** A message for the next page the person sees ("Établissement créé."). */
export interface Flash {
  kind: 'success' | 'info' | 'warning' | 'error';
  message: string;
}

/** Where the signed-in person's pending messages are kept; the session feature provides it. */
export interface FlashMessages {
  push(flash: Flash): Promise<void>;
  /** The pending messages, spent: each is shown once. */
  take(): Promise<Flash[]>;
}

/** Shows `message` on the next page rendered for the signed-in person; nobody signed in, nothing kept. */
export async function flash(c: Context<AppEnv>, kind: Flash['kind'], message: string): Promise<void> {
  await c.var.flashes?.push({ kind, message });
}
