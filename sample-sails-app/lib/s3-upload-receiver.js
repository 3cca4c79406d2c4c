// A Skipper upstream receiver (an object-mode Writable of incoming file streams) that streams the
// first file of the field into the bucket: bytes flow through a ByteLimitStream into a multipart
// upload, so memory holds at most a few parts. When the limit is crossed the body stream errors,
// and lib-storage aborts the multipart upload, leaving nothing in the bucket.
const crypto = require('node:crypto');
const { Writable } = require('node:stream');
const { Upload: S3Upload } = require('@aws-sdk/lib-storage');
const { ByteLimitStream } = require('./byte-limit');

const PART_SIZE = 5 * 1024 * 1024;

function s3UploadReceiver({ client, bucket, maxBytes }) {
  const receiver = new Writable({ objectMode: true });
  receiver.stored = [];
  receiver._write = (file, _encoding, done) => {
    if (receiver.stored.length > 0) {
      file.resume(); // only one file per request: discard the rest
      return done();
    }
    const key = `uploads/${crypto.randomUUID()}`;
    const contentType = file.headers['content-type'] || 'application/octet-stream';
    const body = new ByteLimitStream(maxBytes);
    file.on('error', (err) => body.destroy(err)); // e.g. the client aborted: fail the upload too
    file.pipe(body);
    const upload = new S3Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: 2,
    });
    upload.done().then(
      () => {
        receiver.stored.push({ key, filename: file.filename || '', size: body.byteCount, contentType, sha256: body.sha256() });
        done();
      },
      (err) => {
        file.unpipe(body);
        // Report the limit even when aborting the multipart upload failed too (that error would mask it).
        done(body.limitError || err);
      }
    );
  };
  return receiver;
}

module.exports = { s3UploadReceiver };
