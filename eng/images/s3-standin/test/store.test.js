// The whole store (gate + s3rver) on a loopback port, driven by the official AWS SDK for JS v3
// as the simulated app drives it (path-style, checksums only when required), and by raw HTTP
// for what no SDK sends: unsigned requests, tampered signatures and bodies.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const { after, before, describe, it } = require('node:test');
const {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand,
  DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListBucketsCommand,
  ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand,
} = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const { start } = require('../server');

const TEST_TIMEOUT_MS = 60_000; // a hang bound only
const credentials = { accessKeyId: `test-${crypto.randomBytes(8).toString('hex')}`, secretAccessKey: crypto.randomBytes(20).toString('hex') };
const bucket = 'contract';
let store;
let endpoint;
let dataDir;

function client(keys = credentials, options = {}) {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: keys,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
    ...options,
  });
}

const s3 = () => client();

async function refusedWith(promise, code, status) {
  const err = await promise.then(() => assert.fail(`expected ${status} ${code}`), (e) => e);
  assert.equal(err.name, code, err.message);
  assert.equal(err.$metadata.httpStatusCode, status);
}

/** A raw HTTP request to the store: { status, headers, body (Buffer) }. */
function request(method, target, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(target, endpoint), { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorCode = (answer) => /<Code>([^<]*)<\/Code>/.exec(answer.body.toString())?.[1];

/** The request the SDK would send for a command, signed, without sending it: { target, headers }. */
async function signedRequest(command) {
  let captured;
  const capturing = client(credentials, {
    requestHandler: { handle: async (req) => { captured = req; throw new Error('captured'); } },
  });
  await capturing.send(command).catch(() => {});
  assert.ok(captured, 'the SDK produced no request');
  const query = new URLSearchParams(captured.query).toString().replace(/\+/g, '%20');
  return { target: captured.path + (query ? `?${query}` : ''), headers: captured.headers };
}

const bytesOf = async (output) => Buffer.from(await output.Body.transformToByteArray());

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-standin-test-'));
  store = await start({ dataDir, credentials, port: 0, host: '127.0.0.1', silent: true, log: () => {} });
  endpoint = `http://127.0.0.1:${store.port}`;
  await s3().send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('signed requests work', { timeout: TEST_TIMEOUT_MS }, () => {
  it('ListBuckets, HeadBucket, Put/Head/Get/DeleteObject and ListObjectsV2', async () => {
    const buckets = await s3().send(new ListBucketsCommand({}));
    assert.ok(buckets.Buckets.some((b) => b.Name === bucket));
    await s3().send(new HeadBucketCommand({ Bucket: bucket }));

    const bytes = crypto.randomBytes(100_000);
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'round/trip.bin', Body: bytes, ContentType: 'application/x-test' }));
    const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: 'round/trip.bin' }));
    assert.equal(head.ContentLength, bytes.length);
    const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'round/trip.bin' }));
    assert.equal(got.ContentType, 'application/x-test');
    assert.deepEqual(await bytesOf(got), bytes);

    const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'round/' }));
    assert.deepEqual(listed.Contents.map((o) => o.Key), ['round/trip.bin']);
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: 'round/trip.bin' }));
    await refusedWith(s3().send(new HeadObjectCommand({ Bucket: bucket, Key: 'round/trip.bin' })), 'NotFound', 404);
  });

  it('keys and query values that need URI encoding sign and read back', async () => {
    const keys = ['enc/a b+c', "enc/!*'()~", 'enc/é€😀', 'enc/100%', 'enc/a=b&c?d', 'enc/x;y,z:@$'];
    for (const key of keys) {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      assert.equal((await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key })))).toString(), key);
    }
    const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'enc/a b' }));
    assert.deepEqual(listed.Contents.map((o) => o.Key), ['enc/a b+c']);
  });

  it('a multipart upload of more than 5 MiB completes and downloads as the same bytes', async () => {
    const key = 'multipart/big.bin';
    const parts = [crypto.randomBytes(5 * 1024 * 1024), crypto.randomBytes(1234)];
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const listed = await s3().send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'multipart/' }));
    assert.deepEqual(listed.Uploads.map((u) => [u.Key, u.UploadId]), [[key, UploadId]]);

    const etags = [];
    for (const [i, part] of parts.entries()) {
      const { ETag } = await s3().send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: part }));
      etags.push({ PartNumber: i + 1, ETag });
    }
    await s3().send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: etags } }));
    const got = await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    assert.deepEqual(got, Buffer.concat(parts));
    assert.equal((await s3().send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'multipart/' }))).Uploads, undefined);
  });

  it('AbortMultipartUpload removes the upload; then its id is NoSuchUpload', async () => {
    const key = 'multipart/aborted.bin';
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    await s3().send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'part' }));
    await s3().send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
    const listed = await s3().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.ok(!(listed.Uploads || []).some((u) => u.UploadId === UploadId));
    await refusedWith(s3().send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: 'x' })), 'NoSuchUpload', 404);
    await refusedWith(s3().send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })), 'NoSuchUpload', 404);
    await refusedWith(s3().send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: '../../escape', PartNumber: 1, Body: 'x' })),
      'NoSuchUpload', 404);
  });

  it('a presigned GET and a presigned PUT work', async () => {
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'presigned/get.txt', Body: 'presigned hello' }));
    const getUrl = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: 'presigned/get.txt' }), { expiresIn: 300 });
    const got = await request('GET', getUrl);
    assert.equal(got.status, 200);
    assert.equal(got.body.toString(), 'presigned hello');

    const putUrl = await getSignedUrl(s3(), new PutObjectCommand({ Bucket: bucket, Key: 'presigned/put.txt' }), { expiresIn: 300 });
    assert.equal((await request('PUT', putUrl, { body: 'put through a URL' })).status, 200);
    assert.equal((await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'presigned/put.txt' })))).toString(), 'put through a URL');
  });

  it('the health paths answer 200 without a signature', async () => {
    for (const target of ['/minio/health/live', '/minio/health/ready']) {
      assert.equal((await request('GET', target)).status, 200, target);
    }
  });
});

describe('everything else is refused with S3 error codes', { timeout: TEST_TIMEOUT_MS }, () => {
  before(async () => {
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: 'not for everyone' }));
  });

  it('unsigned GET, PUT and DELETE: 403 AccessDenied, nothing changed', async () => {
    for (const [method, body] of [['GET'], ['PUT', 'overwritten'], ['DELETE'], ['GET', undefined, '/'], ['PUT', undefined, '/new-bucket']]) {
      const answer = await request(method, `/${bucket}/secret.txt`, { body });
      assert.equal(answer.status, 403, method);
      assert.equal(errorCode(answer), 'AccessDenied', method);
    }
    assert.equal((await request('GET', '/')).status, 403);
    assert.equal((await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })))).toString(), 'not for everyone');
  });

  it('the right key id with a wrong secret: 403 SignatureDoesNotMatch', async () => {
    const wrong = client({ ...credentials, secretAccessKey: `${credentials.secretAccessKey.slice(0, -1)}x` });
    await refusedWith(wrong.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })), 'SignatureDoesNotMatch', 403);
    await refusedWith(wrong.send(new PutObjectCommand({ Bucket: bucket, Key: 'secret.txt', Body: 'x' })), 'SignatureDoesNotMatch', 403);
  });

  it("an unknown key id, and s3rver's built-in S3RVER pair: 403 InvalidAccessKeyId", async () => {
    for (const keys of [{ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, { ...credentials, accessKeyId: 'someone-else' }]) {
      await refusedWith(client(keys).send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })), 'InvalidAccessKeyId', 403);
      await refusedWith(client(keys).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    }
  });

  it('a request time 20 minutes off: 403 RequestTimeTooSkewed', async () => {
    const skewed = client(credentials, { systemClockOffset: -20 * 60 * 1000 });
    await refusedWith(skewed.send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' })), 'RequestTimeTooSkewed', 403);
  });

  it('a presigned GET with a tampered signature or path: 403 SignatureDoesNotMatch', async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }), { expiresIn: 300 });
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, c) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    assert.notEqual(tampered, url);
    for (const target of [tampered, url.replace('/secret.txt?', '/secret.txu?')]) {
      const answer = await request('GET', target);
      assert.equal(answer.status, 403);
      assert.equal(errorCode(answer), 'SignatureDoesNotMatch');
    }
  });

  it('an expired presigned GET: 403 AccessDenied, Request has expired', async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }),
      { expiresIn: 60, signingDate: new Date(Date.now() - 10 * 60 * 1000) });
    const answer = await request('GET', url);
    assert.equal(answer.status, 403);
    assert.equal(errorCode(answer), 'AccessDenied');
    assert.match(answer.body.toString(), /Request has expired/);
  });

  it('a body that is not the one whose hash was signed: 400 XAmzContentSHA256Mismatch, nothing stored', async () => {
    const signed = await signedRequest(new PutObjectCommand({ Bucket: bucket, Key: 'swapped.txt', Body: 'the signed body' }));
    assert.match(signed.headers['x-amz-content-sha256'], /^[0-9a-f]{64}$/);
    const answer = await request('PUT', signed.target, { headers: signed.headers, body: 'the other body!' });
    assert.equal(answer.status, 400);
    assert.equal(errorCode(answer), 'XAmzContentSHA256Mismatch');
    await refusedWith(s3().send(new HeadObjectCommand({ Bucket: bucket, Key: 'swapped.txt' })), 'NotFound', 404);
    assert.equal((await request('PUT', signed.target, { headers: signed.headers, body: 'the signed body' })).status, 200);
  });

  it('an x-amz-* header added after signing: 403 AccessDenied', async () => {
    const signed = await signedRequest(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }));
    const answer = await request('GET', signed.target, { headers: { ...signed.headers, 'x-amz-meta-added': '1' } });
    assert.equal(answer.status, 403);
    assert.equal(errorCode(answer), 'AccessDenied');
  });

  it('an aws-chunked body with trailing checksums (SDK defaults, a stream): 501 NotImplemented, not stored garbled', async () => {
    const defaults = client(credentials, { requestChecksumCalculation: 'WHEN_SUPPORTED' });
    const body = Readable.from([Buffer.from('streamed with a trailing checksum')]);
    const err = await defaults.send(new PutObjectCommand({ Bucket: bucket, Key: 'trailer.txt', Body: body, ContentLength: 33 }))
      .then(() => assert.fail('expected 501'), (e) => e);
    assert.equal(err.$metadata.httpStatusCode, 501, err.message);
    assert.equal(err.name, 'NotImplemented');
  });
});

describe('a signed body is held in memory only up to a bound', { timeout: TEST_TIMEOUT_MS }, () => {
  let small;
  before(async () => {
    small = await start({ dataDir, credentials, port: 0, host: '127.0.0.1', silent: true, log: () => {}, maxBodyBytes: 1024 });
  });
  after(() => small?.close());

  it('a signed PutObject over the bound: 400 EntityTooLarge', async () => {
    const limited = client(credentials, { endpoint: `http://127.0.0.1:${small.port}` });
    await limited.send(new PutObjectCommand({ Bucket: bucket, Key: 'fits.bin', Body: Buffer.alloc(1024) }));
    await refusedWith(limited.send(new PutObjectCommand({ Bucket: bucket, Key: 'too-big.bin', Body: Buffer.alloc(1025) })), 'EntityTooLarge', 400);
  });
});

describe('virtual-host buckets under the MINIO_DOMAIN names, as MinIO answers them', { timeout: TEST_TIMEOUT_MS }, () => {
  const domain = 'storage.test';
  let hosted;
  // Every name resolves to loopback here, as the container network resolves <bucket>.<domain> to the store.
  const loopback = new http.Agent({ lookup: (host, options, done) => (options.all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4)) });
  const virtualHost = () => client(credentials, {
    endpoint: `http://${domain}:${hosted.port}`,
    forcePathStyle: false,
    requestHandler: new NodeHttpHandler({ httpAgent: loopback }),
  });

  before(async () => {
    hosted = await start({ dataDir, credentials, domains: [domain], port: 0, host: '127.0.0.1', silent: true, log: () => {} });
  });
  after(() => hosted?.close());

  it('Put, Get, ListObjectsV2 and a multipart upload by <bucket>.<domain> land in the same bucket as path-style', async () => {
    const bytes = crypto.randomBytes(10_000);
    await virtualHost().send(new PutObjectCommand({ Bucket: bucket, Key: 'vhost/one.bin', Body: bytes }));
    assert.deepEqual(await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/one.bin' }))), bytes);
    assert.deepEqual(await bytesOf(await virtualHost().send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/one.bin' }))), bytes);
    const listed = await virtualHost().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'vhost/' }));
    assert.deepEqual(listed.Contents.map((o) => o.Key), ['vhost/one.bin']);

    const { UploadId } = await virtualHost().send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'vhost/parts.bin' }));
    const { ETag } = await virtualHost().send(new UploadPartCommand({ Bucket: bucket, Key: 'vhost/parts.bin', UploadId, PartNumber: 1, Body: bytes }));
    await virtualHost().send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'vhost/parts.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }));
    assert.deepEqual(await bytesOf(await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/parts.bin' }))), bytes);
  });

  it('a virtual-host request signed with a wrong secret: 403 SignatureDoesNotMatch', async () => {
    const wrong = client({ ...credentials, secretAccessKey: 'x'.repeat(40) }, {
      endpoint: `http://${domain}:${hosted.port}`,
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: loopback }),
    });
    await refusedWith(wrong.send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/one.bin' })), 'SignatureDoesNotMatch', 403);
  });
});
