const test = require('node:test');
const assert = require('node:assert/strict');
const { EventEmitter } = require('node:events');
const { trackInFlight, waitForInFlight } = require('../lib/graceful-shutdown');

test('shutdown waits for in-flight requests, and no longer than its timeout', async () => {
  assert.equal(await waitForInFlight(10), true);

  const res = new EventEmitter();
  trackInFlight({}, res, () => {});
  assert.equal(await waitForInFlight(20), false, 'a running request holds the drain');

  const drained = waitForInFlight(1000);
  res.emit('finish');
  res.emit('close'); // both fire for a normal response; counted once
  assert.equal(await drained, true);
  assert.equal(await waitForInFlight(10), true);
});
