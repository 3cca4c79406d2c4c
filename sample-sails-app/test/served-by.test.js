const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const { replicaName } = require('../lib/replica-name');
const { servedBy } = require('../lib/served-by');
const { appVersion } = require('../lib/app-version');
const { version: packageVersion } = require('../package.json');

test('the replica is named by REPLICA_NAME, else by the host name', () => {
  assert.equal(replicaName({ REPLICA_NAME: 'sails-2' }), 'sails-2');
  assert.equal(replicaName({}), os.hostname());
  assert.equal(replicaName({ REPLICA_NAME: '' }), os.hostname());
});

test('the version is APP_VERSION, else the package version', () => {
  assert.equal(appVersion({ APP_VERSION: '0123456789ab' }), '0123456789ab');
  assert.equal(appVersion({}), packageVersion);
});

test('the middleware sets X-Served-By and X-App-Version and passes on', () => {
  const headers = {};
  let passed = false;
  servedBy('sails-1', '0123456789ab')({}, { setHeader: (name, value) => { headers[name] = value; } }, () => { passed = true; });
  assert.deepEqual(headers, { 'X-Served-By': 'sails-1', 'X-App-Version': '0123456789ab' });
  assert.ok(passed);
});
