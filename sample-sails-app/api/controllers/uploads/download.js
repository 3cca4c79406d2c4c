// GET /api/uploads/:id: stream the stored bytes back as an attachment (never rendered in the
// app's origin) with their stored content type.
const { pipeline } = require('node:stream/promises');
const { GetObjectCommand } = require('@aws-sdk/client-s3');
const { s3Client } = require('../../../lib/s3-client');

module.exports = async function download(req, res) {
  const id = Number(req.param('id'));
  const upload = Number.isSafeInteger(id) ? await Upload.findOne({ id }) : undefined;
  if (!upload) {
    return res.notFound();
  }
  const { s3 } = sails.config.custom;
  const object = await s3Client(s3).send(new GetObjectCommand({ Bucket: s3.bucket, Key: upload.key }));
  res.attachment(upload.filename || `upload-${upload.id}`);
  // After attachment(), which would guess the type from the file name.
  res.set({ 'Content-Type': upload.contentType, 'Content-Length': String(object.ContentLength) });
  try {
    await pipeline(object.Body, res);
  } catch (err) {
    // The client went away mid-download; the response is already under way, so only log it.
    sails.log.verbose(`Download of upload ${id} interrupted: ${err.message}`);
  }
};
