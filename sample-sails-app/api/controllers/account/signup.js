// POST /api/signup {email, password}: create an account (does not log in).
const { hashPassword } = require('../../../lib/passwords');

const MIN_PASSWORD_LENGTH = 8;

module.exports = async function signup(req, res) {
  const email = String(req.param('email') || '').trim().toLowerCase();
  const password = String(req.param('password') || '');
  if (password.length < MIN_PASSWORD_LENGTH) {
    return res.badRequest({ error: `password must have at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  try {
    const user = await User.create({ email, passwordHash: await hashPassword(password) }).fetch();
    return res.status(201).json(user);
  } catch (err) {
    if (err.code === 'E_UNIQUE') {
      return res.status(409).json({ error: 'email already registered' });
    }
    if (err.code === 'E_INVALID_NEW_RECORD') {
      return res.badRequest({ error: 'a valid email is required' });
    }
    throw err;
  }
};
