import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, o: object) => Promise<Buffer>;

/**
 * log2 of scrypt's N in production: OWASP's floor is N=2^17, r=8, p=1. The cost is a setting
 * (PASSWORD_HASH_COST, never below this in production) so that tests can hash cheaply; the
 * parameters live in each hash, so verification works whatever the cost it was made with.
 */
export const PRODUCTION_HASH_COST = 17;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;

/** Hashes with scrypt at N = 2^cost (the configured PASSWORD_HASH_COST). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const N = 2 ** cost;
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !rr || !pp || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const cost = { N: Number(n), r: Number(rr), p: Number(pp), maxmem: 256 * Number(n) * Number(rr) };
  const actual = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, cost);
  return timingSafeEqual(actual, expected);
}

const dummies = new Map<number, Promise<string>>();

/** A hash of a random password at the accounts' cost, to spend the same time on unknown accounts as on known ones. */
export function dummyHash(cost: number): Promise<string> {
  let dummy = dummies.get(cost);
  if (!dummy) {
    dummy = hashPassword(randomBytes(16).toString('hex'), cost);
    dummies.set(cost, dummy);
  }
  return dummy;
}

/**
 * At most `max` password hashes at once in this process. scrypt runs on libuv's small thread
 * pool (4 threads), which also reads the static files: a burst of logins must neither take all
 * of it nor all the CPU; the others wait their turn here, holding nothing else.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const gates = new Map<number, HashGate>();

/** The process's gate for `max` concurrent hashes (LOGIN_MAX_CONCURRENT_HASHES). */
export function hashGate(max: number): HashGate {
  let gate = gates.get(max);
  if (!gate) {
    gate = new HashGate(max);
    gates.set(max, gate);
  }
  return gate;
}
