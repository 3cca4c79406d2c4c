// CSRF on: every POST/PUT/PATCH/DELETE needs the token from GET /csrfToken (header x-csrf-token).
module.exports.security = {
  csrf: true,
};
