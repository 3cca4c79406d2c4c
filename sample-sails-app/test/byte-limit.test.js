const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Readable, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { ByteLimitStream, maxUploadBytes, DEFAULT_MAX_BYTES } = require('../lib/byte-limit');

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const chunks = (...sizes) => Readable.from(sizes.map((size) => crypto.randomBytes(size)));

test('bytes up to the limit pass through, counted and hashed', async () => {
  const data = crypto.randomBytes(1000);
  const limiter = new ByteLimitStream(1000);
  await pipeline(Readable.from([data.subarray(0, 400), data.subarray(400)]), limiter, sink());
  assert.equal(limiter.byteCount, 1000);
  assert.equal(limiter.limitError, undefined);
  assert.equal(limiter.sha256(), crypto.createHash('sha256').update(data).digest('hex'));
});

test('one byte over the limit fails the stream with E_EXCEEDS_UPLOAD_LIMIT, and remembers it', async () => {
  const limiter = new ByteLimitStream(1000);
  await assert.rejects(pipeline(chunks(600, 401), limiter, sink()), { code: 'E_EXCEEDS_UPLOAD_LIMIT' });
  assert.equal(limiter.limitError.code, 'E_EXCEEDS_UPLOAD_LIMIT');
});

test('the byte count is not exposed as `size` (lib-storage would take it for the total length)', () => {
  assert.equal(new ByteLimitStream(10).size, undefined);
});

test('the stream stops at the chunk that crosses the limit', async () => {
  const limiter = new ByteLimitStream(10);
  let passed = 0;
  const counting = new Writable({ write: (chunk, _encoding, done) => { passed += chunk.length; done(); } });
  await assert.rejects(pipeline(chunks(5, 5, 5, 5), limiter, counting));
  assert.equal(passed, 10);
});

test('the limit setting defaults to 10 MiB and accepts numbers or numeric strings', () => {
  assert.equal(DEFAULT_MAX_BYTES, 10 * 1024 * 1024);
  assert.equal(maxUploadBytes({}), DEFAULT_MAX_BYTES);
  assert.equal(maxUploadBytes({ uploads: { maxBytes: 2048 } }), 2048);
  assert.equal(maxUploadBytes({ uploads: { maxBytes: '4096' } }), 4096);
  assert.equal(maxUploadBytes({ uploads: { maxBytes: 'lots' } }), DEFAULT_MAX_BYTES);
  assert.equal(maxUploadBytes({ uploads: { maxBytes: -1 } }), DEFAULT_MAX_BYTES);
});
