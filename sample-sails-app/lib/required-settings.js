// Settings a production replica cannot run without. Checked before lifting so that a missing
// one stops the process with one readable line instead of a Sails stack trace.
const _ = require('@sailshq/lodash');

const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';
const isNonEmptyArray = (value) => Array.isArray(value) && value.length > 0;
const isPresent = (value) => value !== undefined && value !== null && String(value).trim() !== '';

const REQUIRED_SETTINGS = [
  { path: 'datastores.default.url', what: 'the Postgres connection URL', valid: isNonEmptyString },
  { path: 'session.url', what: 'the Redis URL of the session store', valid: isNonEmptyString },
  { path: 'session.secret', what: 'the secret that signs session cookies (a string)', valid: isNonEmptyString },
  { path: 'sockets.url', what: 'the Redis URL of the socket.io adapter', valid: isNonEmptyString },
  { path: 'sockets.onlyAllowOrigins', what: 'a JSON array of origins allowed to open sockets, e.g. ["http://localhost:8080"]', valid: isNonEmptyArray },
  { path: 'custom.s3.endpoint', what: 'the S3 endpoint URL of the object store', valid: isNonEmptyString },
  { path: 'custom.s3.bucket', what: 'the S3 bucket for uploads', valid: isPresent },
  { path: 'custom.s3.accessKeyId', what: 'the S3 access key id', valid: isPresent },
  { path: 'custom.s3.secretAccessKey', what: 'the S3 secret access key', valid: isPresent },
];

function envName(path) {
  return 'sails_' + path.replace(/\./g, '__');
}

// Returns one line per unusable setting; empty when the configuration is complete.
function describeMissingSettings(config) {
  return REQUIRED_SETTINGS
    .filter((setting) => !setting.valid(_.get(config, setting.path)))
    .map((setting) => `Missing required setting ${envName(setting.path)}: ${setting.what}`);
}

module.exports = { describeMissingSettings, envName };
