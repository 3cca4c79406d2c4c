// POST /api/login {email, password}: start a session for the user.
const { verifyPassword } = require('../../../lib/passwords');
const { regenerateSession } = require('../../../lib/regenerate-session');

module.exports = async function login(req, res) {
  const email = String(req.param('email') || '').trim().toLowerCase();
  const user = email ? await User.findOne({ email }) : undefined;
  if (!user || !(await verifyPassword(String(req.param('password') || ''), user.passwordHash))) {
    return res.status(401).json({ error: 'wrong email or password' });
  }
  await regenerateSession(req);
  req.session.userId = user.id;
  return res.json({ id: user.id, email: user.email });
};
