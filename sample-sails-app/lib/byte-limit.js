// A pass-through stream that counts and hashes the bytes of an upload and fails as soon as
// they exceed the limit, so an oversized upload is cut off while streaming, not after.
// (The count is not called `size`: lib-storage would read that as the body's total length.)
const crypto = require('node:crypto');
const { Transform } = require('node:stream');

class ByteLimitStream extends Transform {
  constructor(maxBytes) {
    super();
    this.maxBytes = maxBytes;
    this.byteCount = 0;
    this.limitError = undefined;
    this.hash = crypto.createHash('sha256');
  }

  _transform(chunk, _encoding, callback) {
    this.byteCount += chunk.length;
    if (this.byteCount > this.maxBytes) {
      this.limitError = Object.assign(new Error(`Upload exceeds ${this.maxBytes} bytes`), { code: 'E_EXCEEDS_UPLOAD_LIMIT' });
      return callback(this.limitError);
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  sha256() {
    return this.hash.digest('hex');
  }
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

// sails_custom__uploads__maxBytes arrives JSON-parsed (a number) or, if quoted, as a string.
function maxUploadBytes(customConfig) {
  const parsed = Number(customConfig && customConfig.uploads && customConfig.uploads.maxBytes);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : DEFAULT_MAX_BYTES;
}

module.exports = { ByteLimitStream, maxUploadBytes, DEFAULT_MAX_BYTES };
