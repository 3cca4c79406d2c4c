// Model defaults as `sails new` generates them: auto-increment ids and millisecond timestamps,
// which the migrations in migrations/ mirror (SERIAL, BIGINT).
module.exports.models = {
  schema: true,
  migrate: 'alter', // development only; production forces 'safe' and relies on `npm run migrate`
  attributes: {
    createdAt: { type: 'number', autoCreatedAt: true },
    updatedAt: { type: 'number', autoUpdatedAt: true },
    id: { type: 'number', autoIncrement: true },
  },
  archiveModelIdentity: false,
};
