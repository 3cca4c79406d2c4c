// POST /api/uploads (multipart, field `file`): stream the file into the object store.
const { maxUploadBytes } = require('../../../lib/byte-limit');
const { s3Client } = require('../../../lib/s3-client');
const { s3UploadReceiver } = require('../../../lib/s3-upload-receiver');

module.exports = async function create(req, res) {
  const { s3 } = sails.config.custom;
  const maxBytes = maxUploadBytes(sails.config.custom);
  const receiver = s3UploadReceiver({ client: s3Client(s3), bucket: s3.bucket, maxBytes });
  try {
    await new Promise((resolve, reject) => req.file('file').upload(receiver, (err) => (err ? reject(err) : resolve())));
  } catch (err) {
    if (err.code !== 'E_EXCEEDS_UPLOAD_LIMIT') {
      throw err;
    }
    // The rest of the body is never read: close the connection rather than keep it alive.
    res.set('Connection', 'close');
    return res.status(413).json({ error: `file exceeds ${maxBytes} bytes` });
  }
  const [stored] = receiver.stored;
  if (!stored) {
    return res.badRequest({ error: 'multipart field "file" is required' });
  }
  const upload = await Upload.create(stored).fetch();
  return res.status(201).json({ id: upload.id, key: upload.key, filename: upload.filename, size: upload.size, contentType: upload.contentType, sha256: upload.sha256 });
};
