import { config } from '../config.ts';
import { databaseServer } from '../platform/database-server.ts';
import { migrate, openDatabase } from '../platform/db.ts';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
const server = await databaseServer(config());
// Migrations are SQL: no entity needed, and no need to load every feature here.
const orm = await openDatabase({ url: server.url, entities: [] });
try {
  const applied = await migrate(orm);
  console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base à jour : aucune migration en attente.');
} finally {
  await orm.close();
  await server.stop();
}
