// GET /api/me: the logged-in user (the is-logged-in policy answers 401 otherwise).
module.exports = async function me(req, res) {
  const user = await User.findOne({ id: req.session.userId });
  if (!user) {
    return res.status(401).json({ error: 'not logged in' });
  }
  return res.json(user);
};
