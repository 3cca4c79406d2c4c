// GET /dependencies/sails.io.js: the browser build of the Sails socket client, served from the
// installed npm package (sails.io.js-dist), so its version is the lock file's.
const SAILS_IO = require.resolve('sails.io.js-dist/sails.io.js');

module.exports = function sailsIo(req, res) {
  return res.sendFile(SAILS_IO, { headers: { 'Content-Type': 'application/javascript; charset=utf-8' } });
};
