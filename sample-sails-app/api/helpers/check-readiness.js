// Probes Postgres, Redis and the object store with short deadlines, on connections kept between
// probes (one each per process): a probe every few seconds costs a query, a PING and a HEAD, not
// three new connections and their authentication. A broken connection fails its probe and is replaced.
const pg = require('pg');
const { HeadBucketCommand } = require('@aws-sdk/client-s3');
const { assessReadiness } = require('../../lib/readiness');
const { pingRedis } = require('../../lib/redis-ping');
const { s3Client } = require('../../lib/s3-client');

const TIMEOUT_MS = 2000;

// Its own pool of one, not the ORM's: a probe never waits behind the app's queries for a connection.
const postgresPools = new Map();

function probePostgres(connectionString) {
  let pool = postgresPools.get(connectionString);
  if (!pool) {
    pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: TIMEOUT_MS, query_timeout: TIMEOUT_MS, allowExitOnIdle: true });
    // An idle connection that breaks is dropped by the pool (this only keeps the error from crashing
    // the process); a query that fails destroys its connection, so the next probe connects again.
    pool.on('error', () => {});
    postgresPools.set(connectionString, pool);
  }
  return pool.query('SELECT 1');
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
