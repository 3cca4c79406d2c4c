// Runs on every replica at lift, possibly several at once: it only makes sure the uploads bucket
// exists, which is idempotent. The database schema is the migrate job's business, not the replicas'.
module.exports.bootstrap = async function () {
  if (!sails.config.custom.s3.endpoint) {
    // Only reachable outside production (app.js requires the setting there).
    sails.log.warn('No object store configured (sails_custom__s3__endpoint): uploads will fail.');
    return;
  }
  await sails.helpers.ensureBucket();
};
