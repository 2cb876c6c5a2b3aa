import { Migration } from '@mikro-orm/migrations';

/**
 * The indicators (issue 22, § Speed). The posts family reads when each post was frozen from the
 * audit trail: only the rows where a post's status changed (its creation included) matter, a
 * handful among every edit of every post. A partial index holds just those, by post, so that
 * the query (src/indicators/posts.ts) never reads the other rows of the trail as it grows.
 */
export class Migration20261130231000_indicator_indexes extends Migration {
  override up(): void {
    this.addSql(`
      create index audit_event_post_status_idx on audit_event (entity_id, occurred_at, id)
        where entity = 'post' and (before ->> 'status') is distinct from (after ->> 'status');
    `);
  }
}
