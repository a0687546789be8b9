// What a node user of the official AWS SDK for JavaScript writes to print the table that
// `dms-extpack-cli projects list` prints: every migration project and every data provider, the
// two paginators side by side at 100 a page, each project's source and target engine looked up
// by the provider's ARN, one aligned line per project on stdout. Not the goal's reference (that
// is list.mjs), but the same work as our table: scripts/bench.sh prints the ratio beside it.
// usage: node table.mjs ENDPOINT_URL
import {
  DatabaseMigrationServiceClient,
  paginateDescribeDataProviders,
  paginateDescribeMigrationProjects,
} from '@aws-sdk/client-database-migration-service';

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node table.mjs ENDPOINT_URL');
  process.exit(2);
}
const client = new DatabaseMigrationServiceClient({ endpoint });

async function all(paginate, member) {
  const items = [];
  for await (const page of paginate({ client, pageSize: 100 }, {})) items.push(...(page[member] ?? []));
  return items;
}

const [projects, providers] = await Promise.all([
  all(paginateDescribeMigrationProjects, 'MigrationProjects'),
  all(paginateDescribeDataProviders, 'DataProviders'),
]);
const engines = new Map(
  providers.map((p) => [p.DataProviderArn, (p.Engine ?? '?') + (p.Virtual ? ' (virtual)' : '')]));
const engineOf = (descriptors) =>
  descriptors?.length ? engines.get(descriptors[0].DataProviderArn) ?? '?' : '';
const rows = [['NAME', 'SOURCE', 'TARGET', 'INSTANCE PROFILE', 'CREATED']];
for (const p of projects) {
  rows.push([
    p.MigrationProjectName ?? '',
    engineOf(p.SourceDataProviderDescriptors),
    engineOf(p.TargetDataProviderDescriptors),
    p.InstanceProfileName ?? '',
    p.MigrationProjectCreationTime ? p.MigrationProjectCreationTime.toISOString() : '',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const lines = rows.map((r) => r.map((cell, i) => (i + 1 < r.length ? cell.padEnd(widths[i]) : cell)).join('  '));
process.stdout.write(lines.join('\n') + '\n');
console.error(`Fetched ${projects.length} projects and ${providers.length} data providers.`);
