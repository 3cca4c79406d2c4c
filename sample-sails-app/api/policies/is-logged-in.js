// Lets a request through only when its session belongs to a logged-in user.
module.exports = function isLoggedIn(req, res, proceed) {
  if (req.session && req.session.userId) {
    return proceed();
  }
  return res.status(401).json({ error: 'not logged in' });
};
