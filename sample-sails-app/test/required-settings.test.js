const test = require('node:test');
const assert = require('node:assert/strict');
const { describeMissingSettings, envName } = require('../lib/required-settings');

const complete = {
  datastores: { default: { url: 'postgres://app:pw@db:5432/app' } },
  session: { url: 'redis://:pw@cache:6379', secret: 's3cr3t' },
  sockets: { url: 'redis://:pw@cache:6379', onlyAllowOrigins: ['http://localhost:8080'] },
  custom: { s3: { endpoint: 'http://storage:9000', bucket: 'uploads', accessKeyId: 'key', secretAccessKey: 'secret' } },
};

const without = (path) => {
  const config = structuredClone(complete);
  const keys = path.split('.');
  delete keys.slice(0, -1).reduce((node, key) => node[key], config)[keys.at(-1)];
  return config;
};

test('a complete production configuration passes', () => {
  assert.deepEqual(describeMissingSettings(complete), []);
});

test('a missing setting is named by its environment variable in one line', () => {
  assert.deepEqual(describeMissingSettings(without('datastores.default.url')), [
    'Missing required setting sails_datastores__default__url: the Postgres connection URL',
  ]);
});

test('every missing setting gets its own line', () => {
  const lines = describeMissingSettings({});
  assert.equal(lines.length, 9);
  for (const name of ['sails_session__url', 'sails_session__secret', 'sails_sockets__url', 'sails_sockets__onlyAllowOrigins',
    'sails_custom__s3__endpoint', 'sails_custom__s3__bucket', 'sails_custom__s3__accessKeyId', 'sails_custom__s3__secretAccessKey']) {
    assert.ok(lines.some((line) => line.startsWith(`Missing required setting ${name}: `)), name);
  }
});

test('onlyAllowOrigins must be a non-empty array (a bare string is not JSON-parsed into one)', () => {
  const config = structuredClone(complete);
  config.sockets.onlyAllowOrigins = 'http://localhost:8080';
  assert.equal(describeMissingSettings(config).length, 1);
  config.sockets.onlyAllowOrigins = [];
  assert.equal(describeMissingSettings(config).length, 1);
});

test('a numeric session secret is rejected (Sails needs a string), numeric S3 keys are fine', () => {
  const config = structuredClone(complete);
  config.session.secret = 12345;
  config.custom.s3.accessKeyId = 12345;
  assert.deepEqual(describeMissingSettings(config).map((line) => line.split(':')[0]), ['Missing required setting sails_session__secret']);
});

test('config paths map to Sails environment variable names', () => {
  assert.equal(envName('custom.s3.secretAccessKey'), 'sails_custom__s3__secretAccessKey');
});
