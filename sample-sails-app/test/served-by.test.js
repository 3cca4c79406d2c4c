const test = require('node:test');
const assert = require('node:assert/strict');
const os = require('node:os');
const { replicaName } = require('../lib/replica-name');
const { servedBy } = require('../lib/served-by');

test('the replica is named by REPLICA_NAME, else by the host name', () => {
  assert.equal(replicaName({ REPLICA_NAME: 'sails-2' }), 'sails-2');
  assert.equal(replicaName({}), os.hostname());
  assert.equal(replicaName({ REPLICA_NAME: '' }), os.hostname());
});

test('the middleware sets X-Served-By and passes on', () => {
  const headers = {};
  let passed = false;
  servedBy('sails-1')({}, { setHeader: (name, value) => { headers[name] = value; } }, () => { passed = true; });
  assert.deepEqual(headers, { 'X-Served-By': 'sails-1' });
  assert.ok(passed);
});
