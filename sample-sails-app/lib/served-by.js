// HTTP middleware that names the answering replica and the version it runs on every response,
// errors and 404s included (it runs first, before anything that could fail).
function servedBy(name, version) {
  return function setServedByHeader(req, res, next) {
    res.setHeader('X-Served-By', name);
    res.setHeader('X-App-Version', version);
    next();
  };
}

module.exports = { servedBy };
