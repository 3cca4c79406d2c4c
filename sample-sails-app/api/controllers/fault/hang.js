// GET /__fault/hang (fault switch only): never answer, to exercise proxy and client timeouts.
module.exports = function hang() {};
