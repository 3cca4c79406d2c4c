// Expose `sails` and the models (User, Message, Upload) as globals, as `sails new` does.
module.exports.globals = {
  _: false,
  async: false,
  models: true,
  sails: true,
};
