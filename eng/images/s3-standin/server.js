// Serves the S3 API with s3rver behind MinIO's command line, keys and health path,
// so the simulator can treat it as MinIO. Usage: server.js server <dataDir> [minio flags]
'use strict';
const http = require('http');
const S3rver = require('s3rver');
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');

const [command, dataDir = '/data'] = process.argv.slice(2);
if (command !== 'server') {
  console.error(`s3-standin: unsupported command "${command}"; only "server <dir>" is, as in MinIO`);
  process.exit(2);
}

const accessKeyId = process.env.MINIO_ROOT_USER || 'minioadmin';
const secretAccessKey = process.env.MINIO_ROOT_PASSWORD || 'minioadmin';
DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const s3 = new S3rver({ directory: dataDir, silent: false, vhostBuckets: false });
const handleS3 = s3.callback();
const healthPaths = new Set(['/minio/health/live', '/minio/health/ready']);

const server = http.createServer((req, res) => {
  if (healthPaths.has(req.url)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  handleS3(req, res);
});

server.listen(9000, '0.0.0.0', () => {
  console.log(`s3-standin: S3 API (s3rver, MinIO stand-in) on :9000, data in ${dataDir}, access key ${accessKeyId}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
