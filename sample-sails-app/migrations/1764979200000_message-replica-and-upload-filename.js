// The message board shows which replica created each message; downloads keep the uploaded file's name.
exports.up = (pgm) => {
  pgm.addColumn('messages', { replica: { type: 'text', notNull: true, default: '' } });
  pgm.addColumn('uploads', { filename: { type: 'text', notNull: true, default: '' } });
};

exports.down = (pgm) => {
  pgm.dropColumn('uploads', 'filename');
  pgm.dropColumn('messages', 'replica');
};
