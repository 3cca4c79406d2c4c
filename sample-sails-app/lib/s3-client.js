// One S3 client per process, configured from sails.config.custom.s3 (path-style, for MinIO-like stores).
const { S3Client } = require('@aws-sdk/client-s3');

let client;

function s3Client(s3Config) {
  if (!client) {
    client = new S3Client({
      endpoint: s3Config.endpoint,
      region: s3Config.region,
      forcePathStyle: true,
      credentials: { accessKeyId: String(s3Config.accessKeyId), secretAccessKey: String(s3Config.secretAccessKey) },
      // Newer SDKs add CRC checksums and aws-chunked bodies by default; S3-compatible stores often reject them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }
  return client;
}

module.exports = { s3Client };
