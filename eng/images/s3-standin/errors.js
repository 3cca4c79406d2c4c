// S3's error answers: an error code, its HTTP status, and the XML error document S3 sends.
'use strict';

const STATUS = {
  AccessDenied: 403,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  EntityTooLarge: 400,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidAccessKeyId: 403,
  InvalidArgument: 400,
  InvalidRequest: 400,
  NoSuchBucket: 404,
  NoSuchUpload: 404,
  NotImplemented: 501,
  RequestTimeTooSkewed: 403,
  SignatureDoesNotMatch: 403,
  XAmzContentSHA256Mismatch: 400,
};

class S3Error extends Error {
  /** @param {keyof STATUS} code */
  constructor(code, message) {
    super(message);
    if (!(code in STATUS)) throw new Error(`unknown S3 error code ${code}`);
    this.code = code;
    this.status = STATUS[code];
  }
}

const accessDenied = () => new S3Error('AccessDenied', 'Access Denied.');
const signatureDoesNotMatch = () => new S3Error('SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.');

function escapeXml(value) {
  return String(value).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}

/** S3's error document: Code, Message, Resource (the request path) and RequestId. */
function errorDocument(error, resource, requestId) {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<Error>'
    + `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`
    + `<Resource>${escapeXml(resource)}</Resource><RequestId>${escapeXml(requestId)}</RequestId></Error>`;
}

module.exports = { S3Error, STATUS, accessDenied, signatureDoesNotMatch, errorDocument, escapeXml };
