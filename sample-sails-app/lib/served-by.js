// HTTP middleware that names the answering replica on every response, errors and 404s included
// (it runs first, before anything that could fail).
function servedBy(name) {
  return function setServedByHeader(req, res, next) {
    res.setHeader('X-Served-By', name);
    next();
  };
}

module.exports = { servedBy };
