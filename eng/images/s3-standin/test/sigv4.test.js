// The verifier against the worked examples of AWS's S3 SigV4 documentation (key pair
// AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 24 May 2013), and what it refuses.
'use strict';

const assert = require('node:assert/strict');
const { describe, it } = require('node:test');
const { authenticate, canonicalEncode, decodeAwsChunked } = require('../sigv4');

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const exampleTime = Date.UTC(2013, 4, 24);
const credential = 'Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';
const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const authorization = (signedHeaders, signature) => `AWS4-HMAC-SHA256 ${credential},SignedHeaders=${signedHeaders},Signature=${signature}`;

const examples = {
  getObject: {
    method: 'GET',
    url: '/test.txt',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': emptySha256,
      'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
    },
  },
  putObject: {
    method: 'PUT',
    url: '/test$file.text',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      date: 'Fri, 24 May 2013 00:00:00 GMT',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072', // "Welcome to Amazon S3."
      authorization: authorization('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class', '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd'),
    },
  },
  getBucketLifecycle: {
    method: 'GET',
    url: '/?lifecycle',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      'x-amz-content-sha256': emptySha256,
      'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;x-amz-content-sha256;x-amz-date', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
    },
  },
  listObjects: {
    method: 'GET',
    url: '/?max-keys=2&prefix=J',
    headers: {
      host: 'examplebucket.s3.amazonaws.com',
      'x-amz-content-sha256': emptySha256,
      'x-amz-date': '20130524T000000Z',
      authorization: authorization('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
    },
  },
  presignedGet: {
    method: 'GET',
    url: '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request'
      + '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
      + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    headers: { host: 'examplebucket.s3.amazonaws.com' },
  },
  chunkedPut: {
    method: 'PUT',
    url: '/examplebucket/chunkObject.txt',
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
      authorization: authorization('content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
        '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
    },
  },
};

// The chunked example's body: 64 KiB then 1 KiB of 'a', each chunk signed in a chain from the seed signature.
const chunkedBody = () => Buffer.concat([
  Buffer.from('10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n'),
  Buffer.alloc(65536, 'a'),
  Buffer.from('\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n'),
  Buffer.alloc(1024, 'a'),
  Buffer.from('\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n'),
]);

const withHeaders = (request, headers) => ({ ...request, headers: { ...request.headers, ...headers } });
const refusal = (code, status) => (err) => err.code === code && err.status === status;

describe("AWS's documented examples", () => {
  for (const name of ['getObject', 'putObject', 'getBucketLifecycle', 'listObjects']) {
    it(`${name}: the header signature holds`, () => {
      const auth = authenticate(examples[name], credentials, exampleTime);
      assert.equal(auth.kind, 'header');
    });
  }

  it('putObject: the signed payload hash is what the body must match', () => {
    const auth = authenticate(examples.putObject, credentials, exampleTime);
    assert.equal(auth.payload, 'hash');
    assert.equal(auth.payloadHash, require('../sigv4').sha256Hex('Welcome to Amazon S3.'));
  });

  it('presignedGet: the query signature holds within X-Amz-Expires', () => {
    const auth = authenticate(examples.presignedGet, credentials, exampleTime + 86399 * 1000);
    assert.equal(auth.kind, 'presigned');
    assert.equal(auth.payload, 'unsigned');
  });

  it('chunkedPut: the seed and every chunk signature hold and the body decodes', () => {
    const auth = authenticate(examples.chunkedPut, credentials, exampleTime);
    assert.equal(auth.payload, 'chunked');
    assert.deepEqual(decodeAwsChunked(chunkedBody(), auth, 66560), Buffer.alloc(66560, 'a'));
  });

  it('chunkedPut: a changed byte in a chunk breaks its signature', () => {
    const auth = authenticate(examples.chunkedPut, credentials, exampleTime);
    const body = chunkedBody();
    body[200] = 'b'.charCodeAt(0);
    assert.throws(() => decodeAwsChunked(body, auth, 66560), refusal('SignatureDoesNotMatch', 403));
  });

  it('chunkedPut: a missing last chunk or a wrong decoded length is an incomplete body', () => {
    const auth = authenticate(examples.chunkedPut, credentials, exampleTime);
    const body = chunkedBody();
    assert.throws(() => decodeAwsChunked(body.subarray(0, body.length - 86), auth, 66560), refusal('IncompleteBody', 400));
    assert.throws(() => decodeAwsChunked(body, auth, 66561), refusal('IncompleteBody', 400));
  });
});

describe('refusals', () => {
  it('a request with no signature at all: 403 AccessDenied', () => {
    assert.throws(() => authenticate({ method: 'GET', url: '/test.txt', headers: { host: 'h' } }, credentials, exampleTime),
      refusal('AccessDenied', 403));
  });

  it('the right key id with another secret: 403 SignatureDoesNotMatch', () => {
    const other = { ...credentials, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ' };
    assert.throws(() => authenticate(examples.getObject, other, exampleTime), refusal('SignatureDoesNotMatch', 403));
    assert.throws(() => authenticate(examples.presignedGet, other, exampleTime), refusal('SignatureDoesNotMatch', 403));
  });

  it('another key id: 403 InvalidAccessKeyId', () => {
    const other = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    assert.throws(() => authenticate(examples.getObject, other, exampleTime), refusal('InvalidAccessKeyId', 403));
    assert.throws(() => authenticate(examples.presignedGet, other, exampleTime), refusal('InvalidAccessKeyId', 403));
  });

  it('a tampered signature, path, query or signed header: 403 SignatureDoesNotMatch', () => {
    const tampered = [
      withHeaders(examples.getObject, { authorization: examples.getObject.headers.authorization.replace(/1$/, '2') }),
      { ...examples.getObject, url: '/test.txu' },
      { ...examples.listObjects, url: '/?max-keys=3&prefix=J' },
      withHeaders(examples.getObject, { range: 'bytes=0-10' }),
      { ...examples.getObject, method: 'DELETE' },
      { ...examples.presignedGet, url: examples.presignedGet.url.replace(/4$/, '5') },
      { ...examples.presignedGet, url: examples.presignedGet.url.replace('/test.txt', '/other.txt') },
    ];
    for (const request of tampered) {
      assert.throws(() => authenticate(request, credentials, exampleTime), refusal('SignatureDoesNotMatch', 403), request.url);
    }
  });

  it('a request time more than 15 minutes off: 403 RequestTimeTooSkewed', () => {
    assert.doesNotThrow(() => authenticate(examples.getObject, credentials, exampleTime + 14 * 60 * 1000));
    assert.throws(() => authenticate(examples.getObject, credentials, exampleTime + 16 * 60 * 1000), refusal('RequestTimeTooSkewed', 403));
    assert.throws(() => authenticate(examples.getObject, credentials, exampleTime - 16 * 60 * 1000), refusal('RequestTimeTooSkewed', 403));
  });

  it('a presigned URL past X-Amz-Expires: 403 AccessDenied "Request has expired"', () => {
    assert.throws(() => authenticate(examples.presignedGet, credentials, exampleTime + 86401 * 1000),
      (err) => refusal('AccessDenied', 403)(err) && err.message === 'Request has expired');
  });

  it('an x-amz-* header that is not signed: 403 AccessDenied', () => {
    assert.throws(() => authenticate(withHeaders(examples.getObject, { 'x-amz-meta-extra': '1' }), credentials, exampleTime),
      refusal('AccessDenied', 403));
  });

  it('header and query signatures together, or Signature Version 2: 400', () => {
    const both = { ...examples.presignedGet, headers: { ...examples.getObject.headers } };
    assert.throws(() => authenticate(both, credentials, exampleTime), refusal('InvalidArgument', 400));
    const v2 = { method: 'GET', url: '/test.txt', headers: { host: 'h', date: 'Fri, 24 May 2013 00:00:00 GMT', authorization: 'AWS AKIAIOSFODNN7EXAMPLE:abc=' } };
    assert.throws(() => authenticate(v2, credentials, exampleTime), refusal('InvalidRequest', 400));
  });

  it('a header signature without x-amz-content-sha256: 400 InvalidRequest', () => {
    const { 'x-amz-content-sha256': _, ...headers } = examples.getObject.headers;
    assert.throws(() => authenticate({ ...examples.getObject, headers }, credentials, exampleTime), refusal('InvalidRequest', 400));
  });

  it('a malformed Authorization header or credential scope: 400 AuthorizationHeaderMalformed', () => {
    for (const value of [
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,Signature=abc',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=abc',
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/ec2/aws4_request,SignedHeaders=host,Signature=abc',
    ]) {
      assert.throws(() => authenticate(withHeaders(examples.getObject, { authorization: value }), credentials, exampleTime),
        refusal('AuthorizationHeaderMalformed', 400), value);
    }
  });

  it('a payload hash the store does not decode is refused only after the signature holds', () => {
    const trailer = withHeaders(examples.getObject, { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' });
    assert.throws(() => authenticate(trailer, credentials, exampleTime), refusal('SignatureDoesNotMatch', 403));
  });
});

describe('canonical URI encoding', () => {
  it('encodes every byte but unreserved characters, once', () => {
    assert.equal(canonicalEncode('test$file.text'), 'test%24file.text');
    assert.equal(canonicalEncode('a%20b+c~d'), 'a%20b%2Bc~d');
    assert.equal(canonicalEncode('%e2%82%ac'), '%E2%82%AC');
    assert.equal(canonicalEncode('€'), '%E2%82%AC');
    assert.equal(canonicalEncode('100%'), '100%25');
  });
});
