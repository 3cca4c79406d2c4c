// Metadata of a file stored in the object store; the bytes live under `key` in the bucket.
module.exports = {
  tableName: 'uploads',
  attributes: {
    key: { type: 'string', required: true },
    filename: { type: 'string' },
    size: { type: 'number', required: true, columnType: 'integer' },
    contentType: { type: 'string', required: true },
    sha256: { type: 'string', required: true },
  },
};
