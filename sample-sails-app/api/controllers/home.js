// GET /: for a browser, the message board (or, logged out, the page to sign up and log in);
// for API clients (no text/html in Accept), a tiny JSON description of the app and the replica.
const { replicaName } = require('../../lib/replica-name');

module.exports = async function home(req, res) {
  res.vary('Accept');
  const servedBy = replicaName();
  if (req.wantsJSON) {
    return res.json({ app: 'sample-sails-app', servedBy });
  }
  const user = req.session.userId ? await User.findOne({ id: req.session.userId }) : undefined;
  if (!user) {
    return res.view('pages/signed-out', { title: 'Sign in', servedBy });
  }
  return res.view('pages/board', { title: 'Message board', servedBy, user });
};
