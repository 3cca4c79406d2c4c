// No implicit routes: REST blueprints would expose every model (password hashes included).
module.exports.blueprints = {
  actions: false,
  rest: false,
  shortcuts: false,
};
