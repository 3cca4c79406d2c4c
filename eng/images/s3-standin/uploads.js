// The multipart operations s3rver 3.7.1 lacks or leaves unchecked, on its own upload folders
// (<bucket>/._S3rver_uploads/<upload id>/ with a 'key' file and one file per part):
// ListMultipartUploads, AbortMultipartUpload, and NoSuchUpload / part-number checks before
// UploadPart and CompleteMultipartUpload reach s3rver (which would write under any id it is given).
'use strict';

const fs = require('node:fs/promises');
const path = require('node:path');
const { S3Error, escapeXml } = require('./errors');

const UPLOAD_ID = /^[0-9a-f]{32}$/; // s3rver's: 16 random bytes in hex

const noSuchUpload = () => new S3Error('NoSuchUpload',
  'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');

/** store: s3rver's FilesystemStore. */
function createUploads(store) {
  const uploadsDir = (bucket) => store.getResourcePath(bucket, undefined, 'uploads');

  async function requireBucket(bucket) {
    if (!(await store.getBucket(bucket))) {
      throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    }
  }

  async function readKey(bucket, uploadId) {
    try {
      return await fs.readFile(path.join(uploadsDir(bucket), uploadId, 'key'), 'utf8');
    } catch (err) {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  /** The upload's folder, once the id names an upload of this key. */
  async function requireUpload(bucket, key, uploadId) {
    await requireBucket(bucket);
    if (!UPLOAD_ID.test(uploadId) || (await readKey(bucket, uploadId)) !== key) throw noSuchUpload();
    return path.join(uploadsDir(bucket), uploadId);
  }

  async function listUploads(bucket, prefix) {
    let ids;
    try {
      ids = await fs.readdir(uploadsDir(bucket));
    } catch (err) {
      if (err.code === 'ENOENT') return [];
      throw err;
    }
    const uploads = [];
    for (const id of ids.filter((name) => UPLOAD_ID.test(name))) {
      const key = await readKey(bucket, id);
      if (key === undefined || !key.startsWith(prefix)) continue;
      const stat = await fs.stat(path.join(uploadsDir(bucket), id));
      const initiated = stat.birthtimeMs > 0 ? stat.birthtime : stat.mtime;
      uploads.push({ key, id, initiated });
    }
    return uploads.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated));
  }

  function listDocument(bucket, prefix, uploads) {
    const upload = (u) => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId>`
      + `<StorageClass>STANDARD</StorageClass><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`;
    return '<?xml version="1.0" encoding="UTF-8"?>\n'
      + '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
      + `<Bucket>${escapeXml(bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>`
      + '<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>'
      + `<Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>`
      + `${uploads.map(upload).join('')}</ListMultipartUploadsResult>`;
  }

  /** Answers the request and returns true, or returns false to let s3rver answer it. */
  async function handle({ bucket, key, query }, req, res) {
    if (bucket === '') return false;
    if (key === '' && req.method === 'GET' && query.has('uploads')) {
      await requireBucket(bucket);
      const prefix = query.get('prefix') || '';
      const document = listDocument(bucket, prefix, await listUploads(bucket, prefix));
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(document) });
      res.end(document);
      return true;
    }
    if (key === '' || !query.has('uploadId')) return false;
    const dir = await requireUpload(bucket, key, query.get('uploadId'));
    if (req.method === 'DELETE') {
      await fs.rm(dir, { recursive: true, force: true });
      res.writeHead(204);
      res.end();
      return true;
    }
    if (req.method === 'PUT') {
      const partNumber = query.get('partNumber') || '';
      if (!/^\d{1,5}$/.test(partNumber) || Number(partNumber) < 1 || Number(partNumber) > 10000) {
        throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
      }
    }
    return false;
  }

  return { handle };
}

module.exports = { createUploads };
