// Probes Postgres, Redis and the object store with fresh connections and short deadlines.
const pg = require('pg');
const { HeadBucketCommand } = require('@aws-sdk/client-s3');
const { assessReadiness } = require('../../lib/readiness');
const { pingRedis } = require('../../lib/redis-ping');
const { s3Client } = require('../../lib/s3-client');

const TIMEOUT_MS = 2000;

async function probePostgres(connectionString) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: TIMEOUT_MS, query_timeout: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => {});
  }
}

module.exports = {
  friendlyName: 'Check readiness',
  description: 'Resolves to { failing, reasons } naming the backing services that do not answer.',
  fn: async function () {
    const { datastores, session, sockets, custom } = sails.config;
    const redisUrls = [...new Set([session.url, sockets.url])];
    return assessReadiness({
      postgres: () => probePostgres(datastores.default.url),
      redis: () => Promise.all(redisUrls.map((url) => pingRedis(url, TIMEOUT_MS))),
      'object-store': () => s3Client(custom.s3).send(new HeadBucketCommand({ Bucket: custom.s3.bucket }), { abortSignal: AbortSignal.timeout(TIMEOUT_MS) }),
    }, TIMEOUT_MS + 500);
  },
};
