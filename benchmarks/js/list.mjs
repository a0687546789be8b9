// What a node user of the official AWS SDK for JavaScript writes to list every migration
// project: the SDK's paginator, 100 a page, the credentials and region from the environment,
// the JSON of all projects on stdout. scripts/bench.sh times it beside dms-extpack-cli against
// the same dms-sim. usage: node list.mjs ENDPOINT_URL
import {
  DatabaseMigrationServiceClient,
  paginateDescribeMigrationProjects,
} from '@aws-sdk/client-database-migration-service';

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node list.mjs ENDPOINT_URL');
  process.exit(2);
}
const client = new DatabaseMigrationServiceClient({ endpoint });
const projects = [];
for await (const page of paginateDescribeMigrationProjects({ client, pageSize: 100 }, {})) {
  projects.push(...(page.MigrationProjects ?? []));
}
process.stdout.write(JSON.stringify({ MigrationProjects: projects }, null, 4) + '\n');
console.error(`Fetched ${projects.length} projects.`);
