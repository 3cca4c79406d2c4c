// App-specific settings, overridable with sails_custom__* environment variables:
// s3.{endpoint,bucket,accessKeyId,secretAccessKey,region} and uploads.maxBytes
// (default 10 MiB, see lib/byte-limit.js).
module.exports.custom = {
  s3: { region: 'us-east-1' },
};
