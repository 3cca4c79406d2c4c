// POST /api/logout: end the session.
const { regenerateSession } = require('../../../lib/regenerate-session');

module.exports = async function logout(req, res) {
  await regenerateSession(req);
  return res.json({ loggedOut: true });
};
