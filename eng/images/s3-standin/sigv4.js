// AWS Signature Version 4 as S3 checks it, against one key pair: the Authorization header,
// presigned URLs (query parameters) and signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD).
// A request is { method, url (the raw request target), headers (lower-case name -> string or string[]) }.
'use strict';

const crypto = require('node:crypto');
const { S3Error, accessDenied, signatureDoesNotMatch } = require('./errors');

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_EXPIRES_S = 7 * 24 * 60 * 60;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const STREAMING_SIGNED_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const PRESIGNED_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];

const sha256Hex = (data) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data, 'utf8').digest();
const EMPTY_SHA256 = sha256Hex('');

/** Percent-decodes a raw URL component to its bytes; a '%' without two hex digits stays literal. */
function percentDecode(raw) {
  const bytes = [];
  for (let i = 0; i < raw.length;) {
    if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(raw.codePointAt(i));
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
  }
  return Buffer.from(bytes);
}

const isUnreserved = (b) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
  || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;

/** SigV4's URI encoding of a raw URL component: every byte but A-Z a-z 0-9 - . _ ~ as %XY. */
function canonicalEncode(raw) {
  let out = '';
  for (const b of percentDecode(raw)) {
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The raw path and the raw query parameters ([name, value] pairs, still encoded) of a request target. */
function splitTarget(url) {
  const mark = url.indexOf('?');
  const rawPath = mark < 0 ? url : url.slice(0, mark);
  const rawQuery = mark < 0 ? '' : url.slice(mark + 1);
  const pairs = rawQuery.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
  });
  return { rawPath, pairs };
}

const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** S3's canonical URI: each path segment URI-encoded once, slashes kept, no normalization. */
const canonicalUri = (rawPath) => (rawPath === '' ? '/' : rawPath.split('/').map(canonicalEncode).join('/'));

function canonicalQuery(pairs, exclude) {
  return pairs
    .filter(([name]) => percentDecode(name).toString('utf8') !== exclude)
    .map(([name, value]) => [canonicalEncode(name), canonicalEncode(value)])
    .sort(([n1, v1], [n2, v2]) => byCodeUnits(n1, n2) || byCodeUnits(v1, v2))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValues(headers, name) {
  const value = headers[name];
  return value === undefined ? [] : [].concat(value);
}

const headerValue = (headers, name) => (name in headers ? headerValues(headers, name).join(',') : undefined);

function canonicalHeaders(headers, signedHeaders) {
  return signedHeaders
    .map((name) => `${name}:${headerValues(headers, name).map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`)
    .join('');
}

function canonicalRequest({ method, rawPath, pairs, headers, signedHeaders, payloadHash, excludeParam }) {
  return [
    method,
    canonicalUri(rawPath),
    canonicalQuery(pairs, excludeParam),
    canonicalHeaders(headers, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function signingKey(secretAccessKey, scope) {
  const date = hmac(`AWS4${secretAccessKey}`, scope.date);
  return hmac(hmac(hmac(date, scope.region), scope.service), 'aws4_request');
}

const sign = (key, stringToSign) => crypto.createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');

function sameText(expected, provided) {
  const a = Buffer.from(expected);
  const b = Buffer.from(String(provided));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Milliseconds since the epoch of an ISO 8601 basic date-time (20130524T000000Z), or NaN. */
function parseAmzDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value || '');
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(time);
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? time : NaN;
}

const toAmzDate = (time) => new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The request time of a header-signed request: X-Amz-Date, else Date (RFC 7231), as 20130524T000000Z. */
function headerRequestDate(headers) {
  const amzDate = headerValue(headers, 'x-amz-date');
  if (amzDate !== undefined) {
    return Number.isNaN(parseAmzDate(amzDate)) ? undefined : amzDate;
  }
  const date = headerValue(headers, 'date');
  const time = date === undefined ? NaN : Date.parse(date);
  return Number.isNaN(time) ? undefined : toAmzDate(time);
}

/** Credential = <key id>/<yyyymmdd>/<region>/s3/aws4_request, dated the day of the request. */
function parseCredential(credential, amzDate, errorCode) {
  const parts = String(credential).split('/');
  if (parts.length !== 5) {
    throw new S3Error(errorCode, 'The Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  }
  const [accessKeyId, date, region, service, terminator] = parts;
  if (date !== amzDate.slice(0, 8)) {
    throw new S3Error(errorCode, `Invalid credential date "${date}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  }
  if (region === '') throw new S3Error(errorCode, 'The Credential has no region.');
  if (service !== 's3') throw new S3Error(errorCode, "Credential should be scoped to correct service: 's3'.");
  if (terminator !== 'aws4_request') {
    throw new S3Error(errorCode, "Credential should be scoped with a valid terminator: 'aws4_request'.");
  }
  return { accessKeyId, date, region, service, text: [date, region, service, terminator].join('/') };
}

function checkAccessKey(accessKeyId, credentials) {
  if (!sameText(credentials.accessKeyId, accessKeyId)) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
}

/** SignedHeaders: lower-case names separated by ';', with host and every x-amz-* header of the request. */
function parseSignedHeaders(value, headers, errorCode) {
  const names = String(value).split(';');
  if (names.some((name) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name))) {
    throw new S3Error(errorCode, 'SignedHeaders must be lower-case header names separated by ";".');
  }
  if (!names.includes('host')) throw new S3Error(errorCode, 'SignedHeaders must include host.');
  const unsigned = Object.keys(headers).filter((name) => name.startsWith('x-amz-') && !names.includes(name));
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', `There were headers present in the request which were not signed: ${unsigned.sort().join(', ')}`);
  }
  return names;
}

/** Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=... */
function parseAuthorizationHeader(value) {
  const malformed = (what) => new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${what}.`);
  const space = value.indexOf(' ');
  const fields = new Map();
  for (const component of value.slice(space + 1).split(',')) {
    const eq = component.indexOf('=');
    if (eq < 0) throw malformed(`"${component.trim()}" is not of the form Name=Value`);
    const name = component.slice(0, eq).trim();
    if (fields.has(name)) throw malformed(`${name} is given twice`);
    fields.set(name, component.slice(eq + 1).trim());
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(name)) throw malformed(`the ${name} component is missing`);
  }
  return { credential: fields.get('Credential'), signedHeaders: fields.get('SignedHeaders'), signature: fields.get('Signature') };
}

/** What the payload hash asks of the body: 'hash' (a hex SHA-256), 'unsigned', or 'chunked' (signed aws-chunked). */
function payloadKind(payloadHash) {
  if (/^[0-9a-fA-F]{64}$/.test(payloadHash)) return 'hash';
  if (payloadHash === UNSIGNED_PAYLOAD) return 'unsigned';
  if (payloadHash === STREAMING_SIGNED_PAYLOAD) return 'chunked';
  if (/^STREAMING-/.test(payloadHash)) {
    throw new S3Error('NotImplemented', `This store does not decode ${payloadHash} bodies (aws-chunked with trailing checksums): `
      + 'configure the S3 client to calculate request checksums only when required.');
  }
  throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.');
}

function fromHeader(request, target, authorization, credentials, now) {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new S3Error('InvalidArgument', 'Unsupported Authorization Type');
  }
  const auth = parseAuthorizationHeader(authorization);
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  const amzDate = headerRequestDate(request.headers);
  if (amzDate === undefined) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  const scope = parseCredential(auth.credential, amzDate, 'AuthorizationHeaderMalformed');
  checkAccessKey(scope.accessKeyId, credentials);
  if (Math.abs(now - parseAmzDate(amzDate)) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const signedHeaders = parseSignedHeaders(auth.signedHeaders, request.headers, 'AuthorizationHeaderMalformed');
  const key = signingKey(credentials.secretAccessKey, scope);
  const canonical = canonicalRequest({ method: request.method, ...target, headers: request.headers, signedHeaders, payloadHash });
  const signature = sign(key, [ALGORITHM, amzDate, scope.text, sha256Hex(canonical)].join('\n'));
  if (!sameText(signature, auth.signature)) throw signatureDoesNotMatch();
  const payload = payloadKind(payloadHash);
  return { kind: 'header', payload, payloadHash: payloadHash.toLowerCase(), signingKey: key, amzDate, scope: scope.text, signature };
}

function fromQuery(request, target, query, credentials, now) {
  const invalid = (message) => new S3Error('AuthorizationQueryParametersError', message);
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw invalid('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  if (PRESIGNED_PARAMS.some((name) => !query.has(name))) {
    throw invalid('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, '
      + 'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const amzDate = query.get('X-Amz-Date');
  const time = parseAmzDate(amzDate);
  if (Number.isNaN(time)) throw invalid('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const expires = query.get('X-Amz-Expires');
  if (!/^\d{1,7}$/.test(expires) || Number(expires) > MAX_PRESIGNED_EXPIRES_S) {
    throw invalid('X-Amz-Expires must be a number of seconds, at most 604800 (a week)');
  }
  const scope = parseCredential(query.get('X-Amz-Credential'), amzDate, 'AuthorizationQueryParametersError');
  checkAccessKey(scope.accessKeyId, credentials);
  if (time - now > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
  if (now > time + Number(expires) * 1000) throw new S3Error('AccessDenied', 'Request has expired');
  const signedHeaders = parseSignedHeaders(query.get('X-Amz-SignedHeaders'), request.headers, 'AuthorizationQueryParametersError');
  const payloadHash = query.get('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
  const key = signingKey(credentials.secretAccessKey, scope);
  const canonical = canonicalRequest({
    method: request.method, ...target, headers: request.headers, signedHeaders, payloadHash, excludeParam: 'X-Amz-Signature',
  });
  const signature = sign(key, [ALGORITHM, amzDate, scope.text, sha256Hex(canonical)].join('\n'));
  if (!sameText(signature, query.get('X-Amz-Signature'))) throw signatureDoesNotMatch();
  const payload = payloadKind(payloadHash);
  if (payload === 'chunked') throw invalid('A presigned request cannot carry an aws-chunked body');
  return { kind: 'presigned', payload, payloadHash: payloadHash.toLowerCase(), signingKey: key, amzDate, scope: scope.text, signature };
}

/**
 * Checks a request's SigV4 signature against the one key pair; returns what the body must then
 * satisfy ({ payload: 'hash' | 'unsigned' | 'chunked', payloadHash, ... }) or throws an S3Error.
 */
function authenticate(request, credentials, now = Date.now()) {
  const target = splitTarget(request.url);
  const query = new Map();
  for (const [name, value] of target.pairs) {
    const decoded = percentDecode(name).toString('utf8');
    if (query.has(decoded) && PRESIGNED_PARAMS.includes(decoded)) {
      throw new S3Error('AuthorizationQueryParametersError', `${decoded} is given more than once`);
    }
    query.set(decoded, percentDecode(value).toString('utf8'));
  }
  const authorization = headerValue(request.headers, 'authorization');
  const presigned = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].some((name) => query.has(name));
  if (authorization !== undefined && presigned) {
    throw new S3Error('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter '
      + 'or the Authorization header should be specified');
  }
  if ((authorization !== undefined && /^AWS /.test(authorization)) || query.has('Signature') || query.has('AWSAccessKeyId')) {
    throw new S3Error('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  if (authorization !== undefined) return fromHeader(request, target, authorization, credentials, now);
  if (presigned) return fromQuery(request, target, query, credentials, now);
  throw accessDenied();
}

/**
 * Decodes a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body (chunks of "<hex size>;chunk-signature=<sig>\r\n<data>\r\n",
 * ending with a 0-size chunk), checking each chunk's signature in the chain that starts at the request's.
 */
function decodeAwsChunked(body, auth, decodedLength) {
  const incomplete = () => new S3Error('IncompleteBody', 'The aws-chunked request body is malformed or shorter than announced.');
  const chunks = [];
  let offset = 0;
  let total = 0;
  let previous = auth.signature;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0 || lineEnd - offset > 100) throw incomplete();
    const m = /^([0-9a-fA-F]{1,8});chunk-signature=([0-9a-f]{64})$/.exec(body.toString('latin1', offset, lineEnd));
    if (!m) throw incomplete();
    const start = lineEnd + 2;
    const end = start + parseInt(m[1], 16);
    if (end + 2 > body.length || body[end] !== 0x0d || body[end + 1] !== 0x0a) throw incomplete();
    const data = body.subarray(start, end);
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', auth.amzDate, auth.scope, previous, EMPTY_SHA256, sha256Hex(data)].join('\n');
    previous = sign(auth.signingKey, stringToSign);
    if (!sameText(previous, m[2])) throw signatureDoesNotMatch();
    offset = end + 2;
    if (data.length === 0) break;
    chunks.push(data);
    total += data.length;
  }
  if (offset !== body.length || (decodedLength !== undefined && total !== decodedLength)) throw incomplete();
  return Buffer.concat(chunks, total);
}

module.exports = {
  PRESIGNED_PARAMS,
  authenticate,
  canonicalEncode,
  canonicalRequest,
  decodeAwsChunked,
  percentDecode,
  sha256Hex,
  splitTarget,
};
