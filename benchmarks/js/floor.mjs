// The floor of a listing: what any client must do per page with nothing of its own added. Bare
// node:http with a keep-alive connection, a minimal SigV4 (the derived key computed once), and
// JSON.parse of each page, following Marker to the end; the same dms-sim, page size and key as
// bench_listing. Prints the median of several listings, in ms per page.
// usage: node floor.mjs ENDPOINT_URL [LISTINGS]
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';

const endpoint = new URL(process.argv[2] ?? '');
const listings = Number(process.argv[3] ?? 7);
const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? 'AKIADEMOEXTPACK00001';
const secret = process.env.AWS_SECRET_ACCESS_KEY ?? 'DemoSecretKey/ForTheDmsExtPackSimulator1';
const region = process.env.AWS_REGION ?? 'us-east-1';
const target = 'AmazonDMSv20160101.DescribeMigrationProjects';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
let keyDay = '';
let signingKey;

function headersFor(body) {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  if (day !== keyDay) {
    keyDay = day;
    signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'dms'), 'aws4_request');
  }
  const host = endpoint.host;
  const canonical = [
    'POST', '/', '',
    'content-type:application/x-amz-json-1.1', `host:${host}`, `x-amz-date:${amzDate}`, `x-amz-target:${target}`, '',
    'content-type;host;x-amz-date;x-amz-target', sha256(body),
  ].join('\n');
  const scope = `${day}/${region}/dms/aws4_request`;
  const signature = createHmac('sha256', signingKey)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n'))
    .digest('hex');
  return {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    'x-amz-date': amzDate,
    'x-amz-target': target,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, ` +
      `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`,
  };
}

function page(marker) {
  const body = JSON.stringify(marker ? { MaxRecords: 100, Marker: marker } : { MaxRecords: 100 });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: endpoint.hostname, port: endpoint.port, path: '/', method: 'POST', agent, headers: headersFor(body) },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          else resolve(JSON.parse(text));
        });
      });
    req.on('error', reject);
    req.end(body);
  });
}

async function listAll() {
  let marker;
  let pages = 0;
  let projects = 0;
  do {
    const answer = await page(marker);
    projects += answer.MigrationProjects.length;
    marker = answer.Marker;
    ++pages;
  } while (marker);
  return { pages, projects };
}

await listAll(); // warm-up: connection, JIT
const perPage = [];
let last;
for (let i = 0; i < listings; ++i) {
  const start = process.hrtime.bigint();
  last = await listAll();
  perPage.push(Number(process.hrtime.bigint() - start) / 1e6 / last.pages);
}
perPage.sort((a, b) => a - b);
console.log(`projects=${last.projects} pages=${last.pages} per_page_ms=${perPage[Math.floor(perPage.length / 2)].toFixed(3)}`);
agent.destroy();
