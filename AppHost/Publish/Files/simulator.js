// Written by the Sails production simulator's publish (AppHost/Publish/Files/simulator.js): the
// steps around an app container's start on Swarm and Kubernetes, run with the app's own Node and
// its own `pg` module (a dependency of sails-postgresql), from sails-env.sh:
//   wait-for-database   until Postgres accepts the app's connection
//   create-bucket       the uploads bucket, if it does not exist (an S3 PUT, SigV4-signed)
//   mark-migrated       records that the migration job finished (table simulator_migration)
//   wait-for-migration  until that record exists
// Waits poll once a second and never give up: the orchestrator's probes and restarts decide.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');

const { Client } = require(require.resolve('pg', { paths: [process.cwd(), `${process.cwd()}/node_modules/sails-postgresql`] }));
const databaseUrl = process.env.sails_datastores__default__url;
const pause = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function query(sql, params) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

async function until(what, attempt) {
  let said = false;
  for (;;) {
    try {
      if (await attempt()) {
        console.log(`simulator: ${what}`);
        return;
      }
    } catch (error) {
      if (!said) {
        console.log(`simulator: waiting: ${what} (${error.code || error.message})`);
        said = true;
      }
    }
    await pause();
  }
}

const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

// One path-style S3 request with AWS Signature Version 4 and an empty body.
function s3(method, path) {
  const endpoint = new URL(process.env.sails_custom__s3__endpoint);
  const region = process.env.sails_custom__s3__region || 'us-east-1';
  const now = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = now.slice(0, 8);
  const headers = { host: endpoint.host, 'x-amz-content-sha256': sha256(''), 'x-amz-date': now };
  const names = Object.keys(headers).sort();
  const canonical = [method, path, '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), headers['x-amz-content-sha256']].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', now, scope, sha256(canonical)].join('\n');
  let key = `AWS4${process.env.sails_custom__s3__secretAccessKey}`;
  for (const part of [day, region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${process.env.sails_custom__s3__accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return new Promise((resolve, reject) => {
    const request = (endpoint.protocol === 'https:' ? https : http).request(endpoint, { method, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

const steps = {
  'wait-for-database': () => until('the database answers', async () => (await query('SELECT 1')).rowCount === 1),
  'create-bucket': () => {
    const bucket = process.env.sails_custom__s3__bucket;
    return until(`bucket '${bucket}' exists`, async () => {
      const answer = await s3('PUT', `/${encodeURIComponent(bucket)}`);
      if (answer.status === 200 || /BucketAlreadyOwnedByYou/.test(answer.body)) return true;
      throw new Error(`PUT /${bucket} answered ${answer.status}`);
    });
  },
  'mark-migrated': async () => {
    await query('CREATE TABLE IF NOT EXISTS simulator_migration (id int PRIMARY KEY, finished_at timestamptz NOT NULL)');
    await query('INSERT INTO simulator_migration (id, finished_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET finished_at = now()');
    console.log('simulator: the migration finished; replicas may lift');
  },
  'wait-for-migration': () => until('the migration has finished', async () =>
    (await query("SELECT 1 FROM simulator_migration WHERE id = 1")).rowCount === 1),
};

const step = steps[process.argv[2]];
if (!step) {
  console.error(`simulator.js: unknown step '${process.argv[2]}'; one of: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
step().then(() => process.exit(0), (error) => {
  console.error(`simulator.js ${process.argv[2]}: ${error.message}`);
  process.exit(1);
});
