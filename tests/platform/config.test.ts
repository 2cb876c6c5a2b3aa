import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('defaults to port 3000, ./data and the embedded database with demo data', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toMatch(/\/data$/);
    expect(c.embedded).toBe(true);
    expect(c.loadDemoData).toBe(true);
    expect(c.SESSION_TTL_HOURS).toBe(12);
  });

  it('uses DATABASE_URL without demo data unless DEMO_DATA=1', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db/atelier' })).toMatchObject({ embedded: false, loadDemoData: false });
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db/atelier', DEMO_DATA: '1' }).loadDemoData).toBe(true);
    expect(parseConfig({ DEMO_DATA: '0' }).loadDemoData).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DEMO_DATA: 'peut-être' }, 'DEMO_DATA'],
    [{ COOKIE_SECURE: 'sometimes' }, 'COOKIE_SECURE'],
    [{ ADMIN_PASSWORD: 'court' }, 'ADMIN_PASSWORD'],
  ])('refuses %o with a message naming %s', (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (e) {
      expect((e as ConfigError).message).toContain(name);
    }
  });

  it('treats an empty variable as unset', () => {
    const c = parseConfig({ DATABASE_URL: '', ADMIN_EMAIL: '', DEMO_DATA: '' });
    expect(c).toMatchObject({ embedded: true, loadDemoData: true });
    expect(c.ADMIN_EMAIL).toBeUndefined();
  });

  it('takes PUBLIC_URL, the address the links given out start with, as an http(s) origin', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://atelier.example.fr/' }).PUBLIC_URL).toBe('https://atelier.example.fr');
    expect(parseConfig({}).PUBLIC_URL).toBeUndefined();
    expect(() => parseConfig({ PUBLIC_URL: 'ftp://atelier.example.fr' })).toThrow(/PUBLIC_URL/);
    expect(() => parseConfig({ PUBLIC_URL: 'atelier.example.fr' })).toThrow(/PUBLIC_URL/);
  });

  it('requires DATABASE_URL in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: obligatoire en production/);
    expect(parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/atelier' }).embedded).toBe(false);
  });

  it('refuses demo accounts in production, and makes cookies Secure there', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/a', DEMO_DATA: '1' })).toThrow(/DEMO_DATA: interdit en production/);
    expect(parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/a' })).toMatchObject({ COOKIE_SECURE: 'always', HOST: '0.0.0.0' });
    expect(parseConfig({})).toMatchObject({ COOKIE_SECURE: 'auto', HOST: '127.0.0.1' });
  });

  it('hashes passwords at scrypt N=2^17 unless told otherwise, and never lower in production', () => {
    expect(parseConfig({}).PASSWORD_HASH_COST).toBe(17);
    expect(parseConfig({ PASSWORD_HASH_COST: '10' }).PASSWORD_HASH_COST).toBe(10);
    expect(() => parseConfig({ PASSWORD_HASH_COST: '9' })).toThrow(/PASSWORD_HASH_COST/);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgresql://db/a' };
    expect(() => parseConfig({ ...production, PASSWORD_HASH_COST: '16' })).toThrow(/PASSWORD_HASH_COST: au moins 17 en production/);
    expect(parseConfig({ ...production, PASSWORD_HASH_COST: '18' }).PASSWORD_HASH_COST).toBe(18);
  });

  it('is frozen', () => {
    const c = parseConfig({});
    expect(Object.isFrozen(c)).toBe(true);
  });
});
