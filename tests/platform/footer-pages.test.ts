import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/users/entities.ts';
import { Browser, createTestContext, type TestContext } from '../support/app.ts';
import { createEstablishment, createUser, TEST_PASSWORD } from '../support/factories.ts';

let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const PAGES: [string, string, string][] = [
  ['/accessibilite', 'Déclaration d’accessibilité', 'non conforme'],
  ['/mentions-legales', 'Mentions légales', 'Éditeur et hébergement'],
  ['/donnees-personnelles', 'Données personnelles', 'Qui voit quoi'],
];

const footerLinks = (doc: Document) =>
  [...doc.querySelectorAll('#pied-de-page a.fr-footer__bottom-link')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]);

describe('the footer pages', () => {
  it.each(PAGES)('%s opens without login, with its title and no-store', async (path, title, text) => {
    const reply = await new Browser(t.app).get(path);
    expect(reply.status).toBe(200);
    expect(reply.doc.querySelector('h1')?.textContent).toBe(title);
    expect(reply.doc.querySelector('main')?.textContent).toContain(text);
    expect(reply.headers.get('Cache-Control')).toBe('no-store');
  });

  it('are linked from the footer of the login page and of a signed-in page', async () => {
    const expected = [
      ['/accessibilite', 'Accessibilité : non conforme'],
      ['/mentions-legales', 'Mentions légales'],
      ['/donnees-personnelles', 'Données personnelles'],
    ];
    expect(footerLinks((await new Browser(t.app).get('/connexion')).doc)).toEqual(expected);
    const user = await createUser(t.em(), 'coordinator', { establishments: [await createEstablishment(t.em())] });
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    expect(footerLinks((await b.get('/')).doc)).toEqual(expected);
  });

  it('stay open to someone who has not yet replaced a temporary password', async () => {
    const user = await createUser(t.em(), 'committee');
    await t.em().nativeUpdate(User, { id: user.id }, { mustChangePassword: true });
    const b = new Browser(t.app);
    await b.login(user.email, TEST_PASSWORD);
    expect((await b.get('/')).location).toBe('/compte/mot-de-passe');
    for (const [path] of PAGES) expect((await b.get(path)).status, path).toBe(200);
  });

  it('says which statement the personal-data page makes about detained people: no offence, no sentence', async () => {
    const text = (await new Browser(t.app).get('/donnees-personnelles')).doc.querySelector('main')?.textContent ?? '';
    expect(text).toContain('numéro d’écrou');
    expect(text).toContain('ni l’infraction, ni la peine');
    expect(text).toContain('seulement le nom et le poste');
  });
});
