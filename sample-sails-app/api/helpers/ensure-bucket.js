// Creates the uploads bucket unless it exists. Safe when several replicas run it at once:
// "already exists/owned" answers from a concurrent creator count as success.
const { HeadBucketCommand, CreateBucketCommand } = require('@aws-sdk/client-s3');
const { s3Client } = require('../../lib/s3-client');

const ALREADY_THERE = new Set(['BucketAlreadyOwnedByYou', 'BucketAlreadyExists']);

module.exports = {
  friendlyName: 'Ensure bucket',
  description: 'Make sure the configured uploads bucket exists.',
  fn: async function () {
    const { s3 } = sails.config.custom;
    const client = s3Client(s3);
    try {
      await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
      return;
    } catch (err) {
      if (!err.$metadata || err.$metadata.httpStatusCode !== 404) {
        throw err;
      }
    }
    try {
      await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
      sails.log.info(`Created bucket ${s3.bucket}`);
    } catch (err) {
      if (!ALREADY_THERE.has(err.name)) {
        throw err;
      }
    }
  },
};
