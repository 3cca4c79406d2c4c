// The store's front door on port 9000: health paths open, everything else SigV4-checked against the
// one key pair, signed bodies checked against their hash (or chunk signatures) before s3rver sees
// them, then forwarded to s3rver with the credentials taken off (s3rver itself checks no signature).
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { S3Error, errorDocument } = require('./errors');
const { PRESIGNED_PARAMS, authenticate, decodeAwsChunked, percentDecode, sha256Hex, splitTarget } = require('./sigv4');

const HEALTH_PATHS = new Set(['/minio/health/live', '/minio/health/ready']);
// Bodies whose hash is signed are held in memory until checked: S3 clients send parts of 5 MiB
// and the simulated app's uploads are ~10 MiB, so this bound is far above what the product sends.
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const CREDENTIAL_PARAMS = new Set([...PRESIGNED_PARAMS, 'X-Amz-Content-Sha256', 'X-Amz-Security-Token']);

const decode = (raw) => percentDecode(raw).toString('utf8');

/**
 * The path-style path of a request: a virtual-host request (Host <bucket>.<domain>, as MinIO answers
 * it when MINIO_DOMAIN names the domain) has its bucket put in front of its path; any other is path-style.
 */
function pathStylePath(rawPath, host, domains) {
  const name = (host || '').replace(/:\d+$/, '').toLowerCase();
  for (const domain of domains) {
    if (name.endsWith(`.${domain}`)) {
      const bucket = name.slice(0, -domain.length - 1);
      return rawPath === '' || rawPath === '/' ? `/${bucket}` : `/${bucket}${rawPath}`;
    }
  }
  return rawPath;
}

/** Bucket, key and decoded query of a path-style request. */
function parseRoute(rawPath, pairs) {
  const [, rawBucket = '', ...rawKey] = rawPath.split('/');
  return {
    bucket: decode(rawBucket),
    key: decode(rawKey.join('/')),
    query: new Map(pairs.map(([name, value]) => [decode(name), decode(value)])),
  };
}

const hasBody = (req) => Number(req.headers['content-length'] || 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** Reads a body whose hash is signed, at most maxBytes of it. */
function readBody(req, maxBytes) {
  const tooLarge = () => Object.assign(new S3Error('EntityTooLarge',
    `Your proposed upload exceeds the maximum this store holds in memory to check its signature (${maxBytes} bytes).`), { closeConnection: true });
  if (Number(req.headers['content-length'] || 0) > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
    req.on('aborted', () => reject(new S3Error('IncompleteBody', 'The request body ended before its Content-Length.')));
  });
}

/** The body to forward once its signature holds: a checked Buffer, or null to stream an unsigned payload through. */
async function checkedBody(req, auth, maxBytes) {
  if (auth.payload === 'unsigned') return null;
  const body = await readBody(req, maxBytes);
  if (auth.payload === 'hash') {
    if (sha256Hex(body) !== auth.payloadHash) {
      throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    return body;
  }
  const decodedLength = req.headers['x-amz-decoded-content-length'];
  if (!/^\d+$/.test(decodedLength || '')) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-decoded-content-length');
  }
  return decodeAwsChunked(body, auth, Number(decodedLength));
}

/** The request as s3rver gets it: no credentials, no hop-by-hop headers, the checked body's length. */
function forwardedRequest(req, rawPath, pairs, auth, body) {
  const kept = pairs.filter(([name]) => !CREDENTIAL_PARAMS.has(decode(name)));
  const url = rawPath + (kept.length ? `?${kept.map(([name, value]) => (value === '' ? name : `${name}=${value}`)).join('&')}` : '');
  const headers = { ...req.headers };
  for (const name of ['authorization', 'expect', 'x-amz-decoded-content-length', ...HOP_BY_HOP]) delete headers[name];
  if (auth.payload === 'chunked' && headers['content-encoding'] !== undefined) {
    const encodings = headers['content-encoding'].split(',').map((e) => e.trim()).filter((e) => e && e !== 'aws-chunked');
    if (encodings.length) headers['content-encoding'] = encodings.join(','); else delete headers['content-encoding'];
  }
  if (body) {
    headers['content-length'] = String(body.length);
  } else if (req.headers['transfer-encoding'] !== undefined) {
    delete headers['content-length'];
    headers['transfer-encoding'] = 'chunked';
  }
  // s3rver tells API requests from static-website ones by an x-amz-* header.
  headers['x-amz-content-sha256'] ??= 'UNSIGNED-PAYLOAD';
  return { url, headers };
}

/** Forwards checked requests to s3rver listening on a Unix socket, and its answers back. */
function unixSocketForwarder(socketPath) {
  const agent = new http.Agent({ keepAlive: true });
  return (req, res, { url, headers, body }) => new Promise((resolve, reject) => {
    const upstream = http.request({ socketPath, agent, method: req.method, path: url, headers }, (answer) => {
      const answerHeaders = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete answerHeaders[name];
      res.writeHead(answer.statusCode, answerHeaders);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body); else req.pipe(upstream);
  });
}

function sendError(req, res, err, { requestId, rawPath, log, bodyUnread }) {
  const error = err instanceof S3Error ? err : new S3Error('InternalError', 'We encountered an internal error. Please try again.');
  const path = decode(rawPath);
  if (err instanceof S3Error) {
    log(`s3-standin: ${req.method} ${path} refused: ${error.status} ${error.code}`);
  } else {
    log(`s3-standin: ${req.method} ${path} failed: ${err && err.stack ? err.stack : err}`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const document = errorDocument(error, path, requestId);
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/xml');
  // A body the client has not sent (it awaits 100-continue) or that is too large is not read: close after answering.
  if (err.closeConnection || bodyUnread) res.setHeader('connection', 'close');
  if (req.method === 'HEAD') {
    res.end();
  } else {
    res.setHeader('content-length', Buffer.byteLength(document));
    res.end(document);
  }
}

/**
 * The request handler: (req, res, { expectsContinue }) for an http.Server's 'request' and
 * 'checkContinue' events. uploads.handle(route, req, res) answers what s3rver lacks (multipart extras).
 */
function createGate({ credentials, forward, uploads, domains = [], maxBodyBytes = DEFAULT_MAX_BODY_BYTES, clock = Date.now, log = console.log }) {
  return async function gate(req, res, { expectsContinue = false } = {}) {
    const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    const { rawPath: requestPath, pairs } = splitTarget(req.url);
    // The signature covers the request as sent; the route and s3rver see it path-style.
    const rawPath = pathStylePath(requestPath, req.headers.host, domains);
    let continued = false;
    try {
      if (HEALTH_PATHS.has(requestPath) && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3 });
        res.end(req.method === 'HEAD' ? undefined : 'ok\n');
        return;
      }
      const auth = authenticate({ method: req.method, url: req.url, headers: req.headersDistinct }, credentials, clock());
      if (expectsContinue) res.writeContinue();
      continued = true;
      const body = await checkedBody(req, auth, maxBodyBytes);
      if (await uploads.handle(parseRoute(rawPath, pairs), req, res)) return;
      await forward(req, res, { ...forwardedRequest(req, rawPath, pairs, auth, body), body });
    } catch (err) {
      sendError(req, res, err, { requestId, rawPath, log, bodyUnread: !continued && expectsContinue && hasBody(req) });
    }
  };
}

module.exports = { DEFAULT_MAX_BODY_BYTES, createGate, forwardedRequest, parseRoute, pathStylePath, unixSocketForwarder };
