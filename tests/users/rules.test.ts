import { describe, expect, it } from 'vitest';
import { hashPassword, PRODUCTION_HASH_COST, verifyPassword } from '../../src/platform/passwords.ts';
import { normaliseEmail, passwordProblem } from '../../src/users/rules.ts';

describe('password rules', () => {
  it.each([
    ['court', 'trop court', /au moins 12/],
    ['a'.repeat(129), 'trop long', /dépasser 128/],
    [' espace devant 12', 'espace au début', /espace/],
    ['aaaaaaaaaaaaaa', 'trop répétitif', /répétitif/],
    ['camille.martin', 'reprend l’adresse', /adresse/],
    ['ababababababab', 'trois caractères différents', /répétitif/],
  ])('refuses %j (%s)', (password, _why, message) => {
    expect(passwordProblem(password, 'camille.martin@justice.fr')).toMatch(message);
  });

  it.each(['atelier-demo', 'correct cheval agrafe', 'Un mot de passe sûr'])('accepts %j', (password) => {
    expect(passwordProblem(password, 'camille.martin@justice.fr')).toBeNull();
  });

  it('normalises emails to trimmed lower case', () => {
    expect(normaliseEmail('  Camille.Martin@Justice.FR ')).toBe('camille.martin@justice.fr');
  });
});

describe('password hashing', () => {
  it('verifies the right password only, and salts every hash', async () => {
    const a = await hashPassword('correct cheval agrafe', 10);
    const b = await hashPassword('correct cheval agrafe', 10);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct cheval agrafe', a)).toBe(true);
    expect(await verifyPassword('correct cheval agrafé', a)).toBe(false);
    expect(await verifyPassword('correct cheval agrafe', 'nimportequoi')).toBe(false);
  });

  it('keeps its cost in the hash, so a hash verifies whatever the cost configured since (production: N=2^17)', async () => {
    expect(PRODUCTION_HASH_COST).toBe(17);
    const stronger = await hashPassword('correct cheval agrafe', 11);
    expect(stronger).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect(await verifyPassword('correct cheval agrafe', stronger)).toBe(true);
  });
});
