// A fresh session id on login and logout, so a session id known before login (fixation) is worthless.
// The CSRF secret lives in the session too: clients fetch a new token from /csrfToken afterwards.
function regenerateSession(req) {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

module.exports = { regenerateSession };
