import { config } from '../config.ts';
import { ENTITIES } from '../features.ts';
import { databaseServer } from '../platform/database-server.ts';
import { migrate, openDatabase } from '../platform/db.ts';

/**
 * `npm run migration:create [-- --blank] [-- --name=what]`: writes a new migration in migrations/
 * from the difference between the entities and a migrated database, or an empty one.
 */
const blank = process.argv.includes('--blank');
const name = process.argv.find((a) => a.startsWith('--name='))?.slice('--name='.length);
const server = await databaseServer(config());
const orm = await openDatabase({ url: server.url, entities: ENTITIES });
try {
  await migrate(orm);
  const result = await orm.migrator.create(undefined, blank, false, name);
  console.log(result.fileName ? `Migration créée : migrations/${result.fileName}` : 'Aucune différence entre les entités et la base : rien à créer.');
} finally {
  await orm.close();
  await server.stop();
}
