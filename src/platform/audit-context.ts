import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

export interface AuditActor {
  userId: number | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<AuditActor>();

/** Runs `fn` with `actor` as the author of every database change it makes. */
export function actingAs<T>(actor: AuditActor, fn: () => T): T {
  return storage.run(actor, fn);
}

/**
 * Hands the current actor to the audit trigger: each transaction (an explicit one or the
 * one a flush opens) starts with transaction-local settings the trigger reads. Doing it
 * here, once, means no service can forget it.
 */
export class AuditActorSubscriber implements EventSubscriber {
  async afterTransactionStart(args: TransactionEventArgs): Promise<void> {
    const actor = storage.getStore();
    if (!actor || args.transaction?.savepointName) return;
    await args.em
      .getConnection()
      .execute(
        "select set_config('atelier.actor_id', ?, true), set_config('atelier.request_id', ?, true)",
        [actor.userId == null ? '' : String(actor.userId), actor.requestId ?? ''],
        'all',
        args.transaction,
      );
  }
}
