// An S3 server behind MinIO's contract (port 9000, MINIO_ROOT_USER / MINIO_ROOT_PASSWORD, /data,
// /minio/health/live and /ready, path-style, and virtual-host buckets under the MINIO_DOMAIN names) so the simulator can treat it as MinIO: s3rver stores
// the objects and listens on a private Unix socket; the gate in front checks every request's
// SigV4 signature against the one key pair. Usage: server.js server <dataDir>
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const S3rver = require('s3rver');
const { createGate, unixSocketForwarder } = require('./gate');
const { createUploads } = require('./uploads');

const listen = (server, ...args) => new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(...args, () => resolve(server));
});
const close = (server) => new Promise((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
});

/** Starts s3rver and the gate; resolves to { port, close }. */
async function start({ dataDir, credentials, domains = [], port = 9000, host = '0.0.0.0', silent = false, clock, maxBodyBytes, log }) {
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-standin-'));
  const socketPath = path.join(socketDir, 's3rver.sock');
  const s3 = new S3rver({ directory: dataDir, silent, vhostBuckets: false });
  const backend = await listen(http.createServer(s3.callback()), socketPath);

  const gate = createGate({
    credentials, domains, clock, maxBodyBytes, log,
    forward: unixSocketForwarder(socketPath),
    uploads: createUploads(s3.store),
  });
  const front = http.createServer((req, res) => gate(req, res));
  front.on('checkContinue', (req, res) => gate(req, res, { expectsContinue: true }));
  await listen(front, port, host);

  return {
    port: front.address().port,
    async close() {
      await close(front);
      await close(backend);
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** MINIO_DOMAIN as MinIO reads it: comma-separated domains under which <bucket>.<domain> is a bucket. */
const domainsFromEnvironment = (env) => (env.MINIO_DOMAIN || '').split(',').map((d) => d.trim().toLowerCase()).filter(Boolean);

/** MINIO_ROOT_USER / MINIO_ROOT_PASSWORD as MinIO reads them: minioadmin by default, refused when too short. */
function credentialsFromEnvironment(env) {
  const accessKeyId = env.MINIO_ROOT_USER || 'minioadmin';
  const secretAccessKey = env.MINIO_ROOT_PASSWORD || 'minioadmin';
  if (accessKeyId.length < 3) throw new Error('MINIO_ROOT_USER should be at least 3 characters long');
  if (secretAccessKey.length < 8) throw new Error('MINIO_ROOT_PASSWORD should be at least 8 characters long');
  return { accessKeyId, secretAccessKey };
}

async function main(argv, env) {
  const [command, dataDir = '/data'] = argv;
  if (command !== 'server') {
    console.error(`s3-standin: unsupported command "${command}"; only "server <dir>" is, as in MinIO`);
    process.exit(2);
  }
  let credentials;
  try {
    credentials = credentialsFromEnvironment(env);
  } catch (err) {
    console.error(`s3-standin: ${err.message}`);
    process.exit(1);
  }
  const store = await start({ dataDir, credentials, domains: domainsFromEnvironment(env) });
  console.log(`s3-standin: S3 API (s3rver behind SigV4 checks, MinIO stand-in) on :${store.port}, data in ${dataDir}`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => store.close().then(() => process.exit(0)));
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).catch((err) => {
    console.error(`s3-standin: ${err.stack || err}`);
    process.exit(1);
  });
}

module.exports = { start, credentialsFromEnvironment, domainsFromEnvironment };
