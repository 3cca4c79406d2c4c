// An account. The password is stored only as a scrypt hash (see lib/passwords.js).
module.exports = {
  tableName: 'users',
  attributes: {
    email: { type: 'string', required: true, unique: true, isEmail: true, maxLength: 254 },
    passwordHash: { type: 'string', required: true, protect: true },
  },
  customToJSON() {
    return { id: this.id, email: this.email };
  },
};
