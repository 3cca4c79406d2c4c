// Tables for the Waterline models, created here because production replicas run with migrate: 'safe'.
// Column names and types match what sails-postgresql would create: camelCase quoted names,
// SERIAL ids, createdAt/updatedAt as BIGINT milliseconds.
const idAndTimestamps = {
  id: 'id',
  createdAt: { type: 'bigint', notNull: true },
  updatedAt: { type: 'bigint', notNull: true },
};

exports.up = (pgm) => {
  pgm.createTable('users', {
    ...idAndTimestamps,
    email: { type: 'text', notNull: true, unique: true },
    passwordHash: { type: 'text', notNull: true },
  });
  pgm.createTable('messages', {
    ...idAndTimestamps,
    text: { type: 'text', notNull: true },
    author: { type: 'integer', notNull: true, references: 'users', onDelete: 'CASCADE' },
  });
  pgm.createIndex('messages', [{ name: 'createdAt', sort: 'DESC' }]);
  pgm.createTable('uploads', {
    ...idAndTimestamps,
    key: { type: 'text', notNull: true, unique: true },
    size: { type: 'integer', notNull: true },
    contentType: { type: 'text', notNull: true },
    sha256: { type: 'text', notNull: true },
  });
};

exports.down = (pgm) => {
  pgm.dropTable('uploads');
  pgm.dropTable('messages');
  pgm.dropTable('users');
};
